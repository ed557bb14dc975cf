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
