# Portfolio, capacity requests, share links, audit log, help pages, the conflict page.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## Portföljen (/portfolio)

portfolio-title = Portfölj
portfolio-heading = Portföljens kapacitet
portfolio-all-organisations = Alla organisationer
portfolio-role = Roll
portfolio-any-role = Alla roller
portfolio-from = Från
portfolio-months = Månader
portfolio-under-threshold = Underallokerad under
portfolio-show = Visa
portfolio-intro = { $scope }: personmånader per månad. Kapaciteten räknas fram ur varje synlig persons arbetsdagar, dagliga arbetstid och sysselsättningsgrad; allokerat är det som personernas uppdrag i projekten tar; EST-behovet är det som synliga projekt (utom avslagna) har planerat för organisationen; differensen är kapacitet − EST-behov. En organisations siffror omfattar dess underorganisationer. Rollfiltret visar de personer som har rollen i något uppdrag; EST-behovet planeras inte per roll och förblir därför oförändrat.
portfolio-heatmap = Organisationer per månad
portfolio-heat-intro = Allokeringens färg visar dess andel av kapaciteten:
portfolio-heat-over = över 100 %
portfolio-heat-under = under { $percent } %
portfolio-heat-gap = en negativ differens är röd.
portfolio-no-organisations = Det finns inga organisationer att visa.
portfolio-people = { $count } { $count ->
    [one] person
   *[other] personer
    }
portfolio-capacity = Kapacitet
portfolio-allocated = Allokerat
portfolio-est-demand = EST-behov
portfolio-gap = Differens
portfolio-share-of-capacity = { $percent } % av kapaciteten
portfolio-no-capacity = ingen kapacitet
portfolio-demand-exceeds = EST-behovet överstiger kapaciteten
portfolio-person = Person
portfolio-period = Perioden
portfolio-projects = Projekt
portfolio-over-heading = Överallokerade personer
portfolio-over-intro = Allokerade över 100 % av sin kapacitet under minst en månad. Allokeringen ändras under projektets fliken Team.
portfolio-over-more = De { $shown } mest överallokerade av { $total } visas; välj en organisation för att se de övriga.
portfolio-over-none = Ingen är överallokerad under dessa månader.
portfolio-under-heading = Underallokerade personer
portfolio-under-intro = Allokerade under { $percent } % av sin kapacitet över hela perioden.
portfolio-under-more = De { $shown } minst allokerade av { $total } visas; välj en organisation för att se de övriga.
portfolio-under-none = Ingen är underallokerad under dessa månader.
portfolio-bad-organisation = ”{ $value }” är ingen organisation.
portfolio-bad-role = ”{ $value }” är ingen roll.
portfolio-bad-months = ”{ $value }” månader: välj 3, 6, 12 eller 24.
portfolio-bad-under = ”{ $value }” är ingen giltig gräns: ange ett heltal i procent från 0 till 100.
portfolio-no-such-organisation = Det finns ingen sådan organisation.
portfolio-no-such-role = Det finns ingen sådan roll.
# Nedladdningens rubrikrad och mått.
portfolio-csv-organisation = Organisation
portfolio-csv-people = Personer
portfolio-csv-measure = Mått
portfolio-csv-capacity = Kapacitet pm
portfolio-csv-allocated = Allokerat pm
portfolio-csv-est-demand = EST-behov pm
portfolio-csv-gap = Differens pm

## Portföljens diagram

chart-aria = Kapacitet, allokering och EST-behov per månad
chart-capacity = Kapacitet
chart-allocated = Allokerat
chart-est-demand = EST-behov
chart-unit = pm per månad
chart-bar-title = { $month }: kapacitet { $capacity }, allokerat { $allocated }, EST-behov { $demand } pm

## Kapacitetsförfrågningar: inkommande och skickade (/capacity-requests)

requests-title-incoming = Inkommande kapacitetsförfrågningar
requests-title-sent = Skickade kapacitetsförfrågningar
requests-heading = Kapacitetsförfrågningar
requests-intro = Organisationer inom samma juridiska person ber varandra om personmånader. Inkommande är förfrågningar till { $scope }; skickade är förfrågningar från dem. Förfrågningar görs från projektets sida för kapacitetsbehov.
requests-intro-children = Organisationer inom samma juridiska person ber varandra om personmånader. Inkommande är förfrågningar till { $scope } och underliggande organisationer; skickade är förfrågningar från dem. Förfrågningar görs från projektets sida för kapacitetsbehov.
requests-box = Korg
requests-incoming = Inkommande
requests-sent = Skickade
requests-incoming-pending = Inkommande ({ $count } väntar)
requests-sent-pending = Skickade ({ $count } väntar)
requests-include-children = ta med underliggande organisationer
requests-state = Status
requests-any-state = Alla statusar
requests-my-organisations = Mina organisationer
requests-all-organisations-lower = alla organisationer
requests-show = Visa
requests-only-project = Endast förfrågningar för { $code }.
requests-this-project = detta projekt
requests-all-projects = Visa alla projekt
requests-back-to-demand = Tillbaka till projektets kapacitetsbehov
requests-none-incoming = Inga förfrågningar till { $scope } matchar dessa filter.
requests-none-incoming-children = Inga förfrågningar till { $scope } eller underliggande organisationer matchar dessa filter.
requests-none-sent = Inga förfrågningar skickade av { $scope } matchar dessa filter.
requests-none-sent-children = Inga förfrågningar skickade av { $scope } eller underliggande organisationer matchar dessa filter.
requests-tick-children = Kryssa för ”ta med underliggande organisationer” för att se deras förfrågningar.
requests-caption-incoming = Inkommande kapacitetsförfrågningar, väntande först
requests-caption-sent = Skickade kapacitetsförfrågningar, väntande först
requests-project = Projekt
requests-from = Från
requests-to = Till
requests-months = Månader
requests-sent-at = Skickad
requests-decided-at = Beslutad
requests-by = av { $name }
requests-answer = Svara
requests-open = Öppna
requests-bad-box = Okänd korg ”{ $value }”: använd incoming eller sent.
requests-bad-state = Okänd status ”{ $value }”: använd pending, accepted, rejected eller withdrawn.
requests-bad-organisation = ”{ $value }” är inget organisations-id.
# Nedladdningens rubrikrad.
requests-csv-project = Projekt
requests-csv-project-name = Projektnamn
requests-csv-from = Från
requests-csv-to = Till
requests-csv-total = Totalt pm
requests-csv-first-month = Första månad
requests-csv-last-month = Sista månad
requests-csv-state = Status
requests-csv-sent = Skickad
requests-csv-sent-by = Skickad av
requests-csv-decided = Beslutad
requests-csv-decided-by = Beslutad av
requests-csv-message = Meddelande
requests-csv-comment = Kommentar

## En förfrågans status

request-state-pending = väntande
request-state-accepted = godkänd
request-state-rejected = avslagen
request-state-withdrawn = återkallad

## Att be om kapacitet (/projects/{id}/capacity-requests/new)

request-new-title = { $code } · begär kapacitet
request-capacity-crumb = Kapacitet
request-new-heading = Begär kapacitet från en annan organisation
request-new-poo = { $poo } äger projektet och ber en annan organisation inom samma juridiska person om personmånader (pm) per uppgift och månad.
request-new-intro = Organisationen du frågar hittar förfrågan under Förfrågningar › Inkommande. Om den godkänner förfrågan läggs personmånaderna till dess EST-behov i projektet och den blir partner i projektet; om den avslår ser du dess kommentar under Skickade.
request-back-to-demand = Tillbaka till kapacitetsbehovet
request-nothing-sent = Ingenting skickades
request-organisation-to-ask = Organisation att fråga
request-choose = — välj —
request-message = Meddelande
request-message-placeholder = Vad arbetet gäller, vilken kompetens som behövs, vem man kan kontakta
request-grid-heading = Begärda pm per uppgift och månad
request-grid-hint = Fyll i personmånader där du behöver dem; tomma celler begär ingenting. Månader före innevarande månad kan inte begäras.
request-task = Uppgift
request-wp-header = AP { $number } — { $name }
request-cell-label = Uppgift { $task }, { $month }
request-send = Skicka förfrågan
request-cancel = Avbryt
request-blocked-no-poo = { $code } har ännu ingen projektägare, så projektet kan inte fråga en annan organisation. Ange en på projektets redigeringssida.
request-blocked-no-candidates = Ingen annan organisation hör till samma juridiska person (rotorganisation) som { $poo }; kapacitet kan bara begäras inom en juridisk person.
request-blocked-no-tasks = { $code } har ännu inga uppgifter; förfrågningar gäller pm per uppgift. Lägg först till uppgifter.
request-blocked-ended = { $code } har avslutats: det finns inga månader kvar att begära.
request-choose-organisation = Välj organisationen att fråga i listan: en organisation inom samma juridiska person som { $poo }, men inte { $poo } själv.
request-message-too-long = Meddelandet är längre än { $max } tecken.
request-no-cells = Fyll i de pm du begär i minst en cell (uppgift × månad).
request-cell-place = Uppgift { $task }, M{ $month }
request-cell-place-month = { $place } ({ $label })
request-cell-no-month = Formuläret har en cell ”pm.{ $name }” som inte anger någon månad.
request-cell-unknown-task = Formuläret anger en uppgift som inte finns i { $code }.
request-cell-bad-month = Uppgift { $task }: ”{ $month }” är ingen månad.
request-cell-outside = { $place }: projektet pågår från M1 till M{ $duration }.
request-cell-not-a-number = { $place }: ”{ $text }” är inget antal personmånader.
request-cell-too-long = { $place }: tal längre än { $max } tecken godtas inte.
request-cell-exponent = { $place }: ”{ $text }” har en exponent: skriv ut talet med siffror.
request-cell-negative = { $place }: { $text } är negativt; begär mer än 0 pm.
request-cell-too-large = { $place }: { $text } pm är mer än någon kan ge på en månad.
request-cell-past = { $place } har redan passerat; begär innevarande månad eller senare.

## En förfrågan (/capacity-requests/{id})

request-title = Kapacitetsförfrågan · { $code }
request-heading = { $requesting } ber { $receiving } om { $total } pm i { $code }
request-capacity-demand = kapacitetsbehov
request-asked-by = Begärd av
request-asked-by-owner = { $org } (projektägaren)
request-asked-of = Ställd till
request-no-message = inget
request-comment = Kommentar
request-your-answer = Ditt svar
request-accept-comment = Kommentar (frivillig)
request-accept-placeholder = Vem som gör arbetet, villkor
request-accept-effect = Om du godkänner läggs dessa { $total } pm till EST-behovet för { $org } i { $code } och { $org } blir partner i projektet.
request-accept = Godkänn
request-reject-comment = Skäl till avslag (obligatoriskt)
request-reject-placeholder = Varför inte, och vad som kunde fungera i stället
request-reject = Avslå
request-withdraw-heading = Återkalla
request-withdraw-comment = Varför (frivilligt)
request-withdraw = Återkalla förfrågan
request-waiting = Förfrågan väntar på svar från redigerarna i { $org }.
request-sent-notice = Din förfrågan skickades. Redigerarna i { $org } hittar den under Förfrågningar › Inkommande; du hittar den under Skickade.
request-accepted-notice = Godkänd: { $pm } pm lades till EST-behovet för { $org } i { $code } ({ $cells } { $cells ->
    [one] cell
   *[other] celler
    } ändrades).
request-rejected-notice = Avslagen. { $org } kan se din kommentar under Skickade.
request-withdrawn-notice = Förfrågan återkallades.
request-already-decided = Förfrågan är redan { $state } ({ $date }), så den kan inte avgöras igen. Ingenting ändrades.
request-accept-locked = { $code } är låst, så dess behov kan inte ändras: förfrågan kan avslås, eller godkännas av en superadministratör.
request-accept-past = Förfrågan gäller månader som nu har passerat ({ $months }) och som bara superadministratörer får ändra: avslå den så att { $org } kan skicka en ny.
request-comment-too-long = Kommentaren är längre än { $max } tecken. Ingenting ändrades.
request-only-receiving-editors = Endast redigerare i { $org } (eller i en organisation ovanför den) får godkänna eller avslå den här förfrågan. Ingenting ändrades.
request-only-project-editors = Endast redigerare som får ändra { $code } kan återkalla dess förfrågningar. Ingenting ändrades.
request-reject-reason = Skriv i kommentaren varför du avslår förfrågan, så att { $org } kan planera på annat sätt. Ingenting ändrades.
request-nothing-changed = { $reason } Ingenting ändrades.
request-database-refused = Databasen vägrade: { $reason }. Ingenting ändrades.

## Hjälp (/help). Styckena kan innehålla märkning (<strong>, <em>, <a>, <code>): sidan visar dem som HTML.

help-title = Hjälp
help-what-heading = Vad Rediflow är till för
help-what-text = I Rediflow planerar du forskningsprojekt och de personer som arbetar i dem. Ett projekt har arbetspaket, uppgifter, milstolpar och leveranser; arbetsinsatsen planeras i personmånader (pm) per månad i tre serier: <strong>PROJPLAN</strong> (enligt avtalet), <strong>EST</strong> (aktuell uppskattning) och <strong>ACTUAL</strong> (utfall). Personer har arbetstid och bemannas i projekt, så att behovet kan jämföras med kapaciteten över organisationsgränserna.
help-hours-heading = Timmar och personmånader
help-hours-text = Timmar är personmånader gånger en divisor. En månads divisor är den första som gäller av följande: projektets timtal för personens personalkategori, projektets timtal, projektets standardvärde, systemets timtal och sist serverns standardvärde på { $hours } timmar per personmånad.
help-sign-in-heading = Inloggning och synlighet
help-sign-in-oidc = Du loggar in med ditt konto i organisationen. Dina <code>rediflow-*</code>-grupper avgör din roll (läsare, redigerare, administratör, superadministratör), vilka projekt och personer du ser och vilka organisationer du hör till. Be en administratör om hjälp om du saknar en grupp.
help-sign-in-none = Inloggning är inte konfigurerad på den här servern, så alla agerar som samma anonyma användare.
help-rls-on = Radnivåskyddet i databasen är <strong>påslaget</strong>.
help-rls-off = Radnivåskyddet i databasen är <strong>avslaget</strong>.
help-people-heading = Personer, allokering och portföljen
help-people-capacity = När personer planeras på den här servern är en persons <strong>kapacitet</strong> under en månad antalet arbetsdagar (måndag till fredag, minus organisationens helgdagar och personens frånvaro, inom anställningen) × personalkategorins dagliga arbetstid × sysselsättningsgraden, i timmar och i personmånader (timmar ÷ timmar per personmånad).
help-people-team = Projektets flik <strong>Team</strong> visar projektets uppdrag (person, roll, allokering i %, fast eller flexibel, månader) och <strong>allokeringstabellen</strong>: de personmånader varje person ger projektet per månad. En månad är kapacitet × allokering i %, om ingen har skrivit in ett eget värde; tömmer du cellen räknas värdet fram på nytt. Röda månader betyder att personens allokeringar i alla projekt överstiger kapaciteten. Längre ned jämförs allokeringen med projektets EST-behov per organisation. Att spara fungerar som på kapacitetssidan: bara ändrade celler skrivs, och om någon har sparat projektet under tiden skrivs ingenting och båda versionerna visas.
help-people-mine = <strong>Mina allokeringar</strong> (på startsidan när din inloggning är kopplad till en person) visar dina kommande 12 månader: kapacitet, varje projekts andel och vad som är ledigt, i personmånader och timmar.
help-people-portfolio = <strong>Portföljen</strong> jämför per månad, för varje organisation med dess underorganisationer, personernas kapacitet, deras allokering (färgad efter beläggning), det EST-behov som planerats för organisationen och differensen (kapacitet − behov). Den listar också personer som är allokerade över 100 % någon månad eller under gränsen för underallokering (standard { $percent } %) under perioden, med länkar till deras projektteam.
help-locked-heading = Låsta uppgifter
help-locked-text = Avslutade projekt och månader före innevarande månad är skrivskyddade, utom för superadministratörer.
help-editing-heading = Att redigera personer
help-editing-people = När personkapacitet är påslagen sköter administratörerna personerna under <a href="/people">Personer</a>: <strong>Lägg till en person</strong> (en unik kod, som är användarnamnet för personer som loggar in, namn, en frivillig e-postadress, organisationen, anställningens början och eventuella slut, samt vid behov det användarkonto som kopplas till personen), och på personens sida <strong>Redigera uppgifter</strong> och <strong>Ta bort…</strong>. När en person tas bort försvinner också personens uppdrag och arbetstid; bekräftelsesidan visar hur många rader som tas bort, så det är oftast bättre att ange ett slutdatum för anställningen.
help-editing-time = Arbetstiden redigeras på personens sida: <strong>personalkategorier</strong> (kategorins dagliga arbetstid gäller från medlemskapets första dag till nästa medlemskap), <strong>perioder med sysselsättningsgrad</strong> (deltid; där perioder överlappar gäller den som började senast) och <strong>frånvaro</strong> (första och sista dagen inräknade). Kapacitetstabellen ovanför visar effekten direkt. <a href="/people/groups">Personalkategorier och frånvarotyper</a> visar varje kategoris dagliga arbetstid per datum och frånvarotyperna; en kategori med medlemmar eller en frånvarotyp som används kan inte tas bort. Varje ändring förs in i ändringsloggen, och ett formulär med fel ändrar ingenting utan säger vad som ska rättas.
help-requests-heading = Kapacitetsförfrågningar
help-requests-ask = När ett projekt behöver personer från en annan enhet inom samma juridiska person öppnar en redigerare i projektet projektets sida <em>kapacitetsbehov</em> och väljer <em>Begär kapacitet från en annan organisation</em>: välj organisationen (bara organisationer under samma rot som projektägaren erbjuds), skriv ett meddelande och fyll i de personmånader (pm) som behövs per uppgift och månad.
help-requests-answer = Redigerarna i den mottagande organisationen, och i organisationerna ovanför den, hittar förfrågan under <em>Förfrågningar › Inkommande</em> (kryssa för ”ta med underliggande organisationer” för att se förfrågningar till organisationerna under din egen) och godkänner eller avslår den med en kommentar. Ett godkännande lägger till personmånaderna i organisationens EST-behov i projektet, gör organisationen till partner i projektet och förs in i ändringsloggen; ett avslag kräver en motivering. Den som frågat följer sina förfrågningar under <em>Förfrågningar › Skickade</em> och kan återkalla en förfrågan så länge den väntar på svar. Låsta projekt och passerade månader kan bara ta emot kapacitet av superadministratörer.
help-requests-off = Kapacitetsförfrågningar är avstängda på den här servern (CAPACITY_REQUESTS_ENABLED).
help-share-heading = Delningslänkar
help-share-mine = Dina delningslänkar
help-share-text = Tabellsidor har knappen <em>Dela den här vyn</em>. Den skapar en kort länk som inte går att gissa (<code>/s/…</code>) till sidan med dess aktuella filter, till exempel en kapacitetstabell i timmar eller en persons månader från en viss start. Den som öppnar länken måste logga in och ser bara det som de egna behörigheterna tillåter: en kollega utan åtkomst till projektet får ”sidan hittades inte”. Varje öppning räknas; dina länkar, antalet klick och en knapp för att ta bort dem finns under { $mine }. Du kan skapa högst { $limit } nya länkar per minut.
help-share-off = Delningslänkar är avstängda på den här servern (SHARE_URL_FEATURE).

## Delningslänkar (/share, /share/stats)

share-mine-title = Dina delningslänkar
share-links = Delningslänkar
share-ready = Din länk är klar
share-copy = Kopiera den här adressen och skicka den till alla som ska se samma vy:
share-opens = Den öppnar
share-rights = Den som öppnar länken måste logga in och ser bara det som de egna behörigheterna tillåter.
share-deleted = Länken togs bort; den öppnar inte längre något.
share-intro = En delningslänk är en kort adress till en sida med dess filter. Skapa en med knappen ”Dela den här vyn” på en tabellsida. Varje gång någon öppnar en länk ökar antalet klick med ett.
share-intro-admins = För administratörer:
share-intro-stats = statistik över alla länkar
share-none = Du har inga delningslänkar ännu.
share-caption = Dina delningslänkar, nyaste först
share-link = Länk
share-owner = Ägare
share-title = Rubrik
share-page = Sida
share-clicks = Klick
share-created = Skapad
share-last-opened = Senast öppnad
share-actions = Åtgärder
share-never = aldrig
share-delete = Ta bort
share-stats-title = Statistik för delningslänkar
share-stats-intro = Alla användares länkar som öppnats minst { $count } { $count ->
    [one] gång
   *[other] gånger
    } (SHARE_URL_STATS_MIN_CLICKS), mest klickade först.
share-stats-none = Ingen länk har öppnats { $count } { $count ->
    [one] gång
   *[other] gånger
    } ännu.
share-stats-caption = Delningslänkar efter antal klick
share-stats-file = delningslankar-statistik
share-rate-limited = Du har skapat { $limit } delningslänkar under den senaste minuten, vilket är det högsta tillåtna. Vänta { $seconds } sekunder och försök igen; ingen länk skapades.
share-sign-in-first = Delningslänkar hör till en inloggad användare; logga in först.
share-stats-admins-only = Endast administratörer ser statistiken för delningslänkar.
share-not-shareable = Bara en sida på den här webbplatsen kan delas, och inte startsidan eller en delningslänk.

## Ändringsloggen (/audit) och ett projekts historik (/projects/{id}/history)

audit-title = Ändringslogg
audit-history-title = Historik
audit-history-heading = Historik för { $code }
audit-what = Vad
audit-who = Vem
audit-everyone = alla
audit-from = Från
audit-date-placeholder = ÅÅÅÅ-MM-DD
audit-none = Inga ändringar matchar.
audit-newest = { $count ->
    [one] Den senaste ändringen
   *[other] De senaste { $count } ändringarna
    }
audit-at-most = (högst { $limit }; begränsa filtren för att se äldre)
audit-when = När
audit-action = Åtgärd
audit-entity = Objekt
audit-before = Före
audit-after = Efter
audit-action-create = skapad
audit-action-update = ändrad
audit-action-delete = borttagen
audit-file = andringslogg
audit-bad-date = Filtret ”{ $name }” måste vara ett datum, till exempel 2026-03-31.
audit-admins-only = Endast administratörer får läsa hela ändringsloggen.
# The kinds of records the log names.
audit-entity-project = projekt
audit-entity-work-package = arbetspaket
audit-entity-task = uppgift
audit-entity-milestone = milstolpe
audit-entity-deliverable = leverans
audit-entity-capacity-demand = kapacitetsbehov
audit-entity-role-demand = rollbehov
audit-entity-project-partner = projektpartner
audit-entity-assignment = uppdrag
audit-entity-allocation-override = avvikande allokering
audit-entity-person = person
audit-entity-organisation = organisation
audit-entity-employee-group = personalkategori
audit-entity-employee-group-membership = medlemskap i personalkategori
audit-entity-fte-period = period med sysselsättningsgrad
audit-entity-leave = frånvaro
audit-entity-leave-type = frånvarotyp
audit-entity-capacity-request = kapacitetsförfrågan
audit-entity-lifecycle-state = livscykelstatus
audit-entity-role-type = rolltyp
audit-entity-deliverable-type = leveranstyp
audit-entity-dissemination-level = spridningsnivå
audit-entity-allocation-group = allokeringsgrupp
audit-entity-system-hour-rate = systemets timtal
audit-entity-calendar = kalender
audit-entity-holiday = helgdag
