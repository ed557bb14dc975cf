# Planning: the capacity grid (PROJPLAN, EST, ACTUAL), role demand, the team tab and its staffing, the Policy's refusals, month and decimal input errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The capacity grid (/projects/{id}/capacity)

grid-page-title = { $code }: kapacitet
grid-heading = { $code } — { $name }: kapacitetsbehov
grid-series = Serie
grid-unit-hours = Timmar
series-projplan-description = planen enligt avtalet
series-est-description = den aktuella uppskattningen
series-actual-description = bokfört arbete
grid-series-is = { $series } är { $description }.
grid-hours-explained = Timmar är pm × månadens divisor (projektets timsats, projektets standardvärde, systemets timsats eller serverns standardvärde).
grid-pm-explained = Värdena är personmånader (pm).
grid-read-only = Skrivskyddad: { $reason }
grid-hours-read-only = Timmar visas endast för läsning; byt till pm för att redigera.
grid-nothing-saved-heading = Ingenting sparades
grid-chart-label = PROJPLAN, EST och ACTUAL per månad
grid-chart-pm = totalt per månad i pm
grid-chart-hours = totalt per månad i timmar
grid-request-capacity = Begär kapacitet från en annan organisation
grid-requests-of = Kapacitetsförfrågningar för { $code }
grid-caption = { $series } per uppgift, organisation och månad
grid-column-wp = AP
grid-column-task = Uppgift
grid-column-task-name = Uppgiftens namn
grid-column-organisation = Organisation
grid-column-month = Månad
grid-wp-header = AP { $number } — { $name }
grid-save = Spara ändringar
grid-save-hint = Endast ändrade celler sparas. Tomt betyder 0. Grå månader ligger före den aktuella månaden och är historik: endast superadministratörer får ändra dem.
grid-add-row-task = Lägg till en rad: uppgift
grid-add-row-org = organisation
grid-add-row = Lägg till rad
grid-add-row-hint = Spara dina ändringar först: när en rad läggs till laddas tabellen om.
grid-saved = { $count ->
    [one] { $count } ändrad cell sparades.
   *[other] { $count } ändrade celler sparades.
    }
grid-conflict-message = Ingenting av dina ändringar sparades: planen ändrades efter att du öppnade den. Jämför, öppna sedan den senaste planen och gör dina ändringar på nytt.
grid-conflict-latest = Öppna den senaste { $series }-planen
series-unknown = Okänd serie ”{ $series }”: använd PROJPLAN, EST eller ACTUAL.
series-missing = Formuläret anger ingen serie.
grid-no-version = Formuläret saknar projektets version.
grid-unknown-row = Formuläret anger en uppgift eller organisation som inte hör till projektet.
grid-month-outside = Månad { $month } ligger utanför projektet.
grid-nothing-saved = Ingenting sparades.
# A refused cell: its name, then why ("Task 1.1 / ORG, M3: "abc" is not a number").
grid-cell-refused = { $cell }: { $reason }
grid-cell-name = Uppgift { $task } / { $org }, M{ $month }

## The conflict page (a save that met someone else's change first)

conflict-you-saw = Du såg
conflict-saved-now = Sparat nu
conflict-you-wanted = Du ville ha
conflict-you-typed = Du skrev
conflict-field = Fält
conflict-plan-heading = Någon annan sparade { $code } först
conflict-heading = Någon annan hann ändra först: { $what }
conflict-edit-message = Ingenting av dina ändringar sparades: { $what } ändrades efter att du öppnade formuläret. Jämför, öppna sedan den senaste versionen och gör dina ändringar på nytt.
conflict-delete-message = Ingenting togs bort: { $what } ändrades efter att du öppnade sidan. Titta på den senaste versionen innan du bestämmer dig igen.
conflict-no-version = Formuläret anger inte vilken version av posten det visade, så ingenting ändrades: öppna sidan igen och gör ändringen där.
conflict-marked = Markerat: ändrat av någon annan efter att du öppnade sidan.
conflict-changed = (ändrat)
conflict-yes = ja
conflict-no = nej

## Numbers and months typed into grids and forms

input-not-a-number = ”{ $text }” är inte ett tal
input-not-a-number-sentence = ”{ $text }” är inte ett tal.
input-number-exponent = ”{ $text }” har en exponent: skriv ut talet med siffror
input-number-exponent-sentence = ”{ $text }” har en exponent: skriv ut talet med siffror.
input-number-too-long = ett tal längre än { $max } tecken godtas inte
input-number-too-long-sentence = Ett tal längre än { $max } tecken godtas inte.
input-pm-negative = { $text } är negativt: personmånader kan inte vara under 0
input-pm-too-large = { $text } är för stort (högst { $max } pm)
input-percent-refused = ”{ $text }” är inte en procentsats från 0 till { $max }.
input-hours-per-pm = Ange timmar per personmånad, över 0 och högst { $max }.
input-hours-per-pm-optional = Ange timmar per personmånad, över 0 och högst { $max }, eller lämna fältet tomt.
input-not-a-month = ”{ $text }” är inte en månad: använd ÅÅÅÅ-MM.
input-not-a-month-field = ”{ $text }” är inte en månad (ÅÅÅÅ-MM).

## The Policy's refusals

policy-read-only = Du har skrivskyddad åtkomst: be en administratör om redigerarrollen.
policy-project-locked = Projektet är låst; endast superadministratörer får ändra det.
policy-lifecycle-locked = Projektet har livscykelstatusen ”{ $state }”, som låser det; endast superadministratörer får ändra det.
policy-month-past = { $month } har passerat; endast superadministratörer får ändra passerade månader.
policy-months-past = { $months } har passerat; endast superadministratörer får ändra passerade månader.
policy-month = { $month }
policy-month-span = { $first } till { $last }
policy-month-list = { $before }, { $next }

## The team tab (/projects/{id}/team)

team-page-title = { $code }: team
team-heading = { $code } — { $name }: team
team-tabs = Projekt
team-tab-overview = Översikt
team-tab-tasks = Uppgifter
team-tab-capacity = Kapacitet
team-tab-team = Team
team-tab-history = Historik
team-hidden-people = Vissa allokeringar gäller personer utanför dina organisationer; de räknas med i summorna men deras namn visas inte.
team-hidden-person = (en person du inte kan se)
team-allocation-heading = Allokeringstabell
team-unit = Enhet
team-hours-explained = Timmar per person och månad: pm × projektets timmar per personmånad för personens personalkategori (annars projektets, systemets eller serverns timsats).
team-grid-explained-1 = Pm per person och månad. En månad är personens kapacitet × allokeringens procentsats om den inte är
team-grid-explained-set = angiven särskilt
team-grid-explained-2 = ; skriv ett värde för att ange det, töm en cell för att räkna fram det igen, 0 för inget arbete den månaden.
team-grid-explained-red = Röda
team-grid-explained-3 = månader: personens allokeringar i alla projekt överskrider personens kapacitet.
team-showing = Visar { $window }.
team-window-label = M{ $first }–M{ $last } ({ $from } – { $to }) av M1–M{ $total }
team-earlier = ← Tidigare
team-later = Senare →
team-window-from = Från
team-window-months-label = månader
team-window-all = alla
team-window-months = ”{ $text }” månader: välj 6, 12, 24 eller alla (all).
team-show = Visa
team-nobody = Ingen är ännu bemannad i projektet.
team-nobody-add = Ingen är ännu bemannad i projektet: lägg till personer nedan.
team-caption = Allokerade pm per person och månad
team-column-person = Person
team-column-role = Roll
team-column-percent = Allokering %
team-column-group = Allokeringsgrupp
team-column-group-short = Grupp
team-column-start = Startmånad
team-column-start-short = Start
team-column-end = Slutmånad
team-column-end-short = Slut
team-column-measure = Mått
team-over-title = Överallokerad denna månad
team-not-assigned = inte bemannad
team-save-allocation = Spara allokering
team-save-hint = Endast ändrade celler sparas. Grå månader är historik: endast superadministratörer får ändra dem.
team-balance-heading = Allokering jämfört med EST-behov per organisation
team-balance-explained-pm = Allokerade pm i projektets team och kapacitetsplanens EST-behov per organisation och månad.
team-balance-explained-hours = Allokerade timmar i projektets team och kapacitetsplanens EST-behov per organisation och månad.
team-balance-difference-1 = Differensen är allokerat − behov:
team-balance-below-zero = under noll
team-balance-difference-2 = har organisationen inte bemannat det som den planerar.
team-balance-empty = Inget EST-behov och inga allokeringar ännu.
team-measure-allocated = Allokerat
team-measure-demand = EST-behov
team-measure-difference = Differens
# A row of the balance download: "Allocated PM", "EST demand hours".
team-measure-unit = { $measure } ({ $unit })
team-assignments-heading = Bemanning
team-assignments-months = Månaderna löper från { $first } till { $last }. Om en allokerings månader ändras tas dess särskilt angivna värden utanför dem bort.
team-no-assignments = Ingen bemanning.
team-find-label = Sök personer att bemanna med
team-find-placeholder = Namn, kod eller e-post
team-find = Sök
team-find-too-many = Fler än { $count } personer: skriv en del av ett namn, en kod eller en e-postadress för att välja vem som ska bemannas.
team-find-first = Visar de { $count } första träffarna: skriv mer för att begränsa dem.
team-find-matches = { $count ->
    [one] { $count } person matchar
   *[other] { $count } personer matchar
    } ”{ $find }”.
team-role-of = Roll för { $person }
team-percent-of = Allokering % för { $person }
team-group-of = Allokeringsgrupp för { $person }
team-start-of = Startmånad för { $person }
team-end-of = Slutmånad för { $person }
team-save = Spara
team-remove = Ta bort
team-person-to-assign = Person att bemanna med
team-find-first-option = Sök först efter personen ovan…
team-choose-person-option = Välj en person…
team-assign = Bemanna
team-assignment-added = Allokeringen lades till.
team-assignment-saved = Allokeringen sparades.
team-assignment-removed = Allokeringen togs bort.
team-unknown-table = Okänd tabell ”{ $table }”: använd allocation eller balance.
team-unknown-assignment = Formuläret anger en allokering som inte hör till projektet.
# A refused field of the assignment form: "Allocation %: "x" is not a percentage from 0 to 100."
team-field-problem = { $field }: { $problem }
# The problems of one assignment's row: "Ann Lee: Role: choose one of the listed roles."
team-person-problem = { $person }: { $problem }
team-choose-role = välj en av rollerna i listan.
team-choose-group = välj fast eller flexibel.
team-choose-person = välj en av personerna i listan.
team-month-outside-project = { $month } ligger utanför projektet ({ $first } – { $last }).
team-end-before-start = Slutmånaden { $end } ligger före startmånaden { $start }.
team-month-outside-assignment = M{ $month } ligger utanför månaderna för allokeringen av { $person }.
# A refused cell of the allocation grid: "Ann Lee, M3 (2026-10): "x" is not a number"
team-cell-refused = { $person }, M{ $month } ({ $name }): { $reason }
team-assignment-of = allokeringen av { $person }
team-open-latest = Öppna det senaste teamet
team-derived = beräknat
team-conflict-message = Ingenting av dina ändringar sparades: planen ändrades efter att du öppnade allokeringstabellen. Jämför, öppna sedan den senaste tabellen och gör dina ändringar på nytt.
team-conflict-latest = Öppna den senaste allokeringstabellen

## Role demand (/projects/{id}/role-demand)

roledemand-title = Rollbehov
roledemand-project = Projekt
roledemand-explained = Planerad FTE % per rolltyp och månad (100 % är en heltidsanställd person; 250 % två och en halv).
roledemand-column-role = Rolltyp
roledemand-save-hint = Månader före den aktuella är historik (skrivskyddade).
roledemand-add-row = Lägg till en rad: rolltyp
roledemand-stale = Någon sparade projektet efter att du öppnade sidan, så ingenting sparades. Sidan visar nu den senaste planen: gör din ändring på nytt.
roledemand-unknown-row = Formuläret anger en månad eller rolltyp som inte finns.
roledemand-cell-name = { $role }, M{ $month }
api-demand-shape-unknown = Okänd form ”{ $shape }”: använd rows eller grid.
api-demand-too-many-cells = En ändring får ange högst { $max } celler: skicka dem i delar.
api-demand-cell-number = Cell { $number }
api-demand-cell-twice = samma cell som cell { $first }; ange varje cell bara en gång.
