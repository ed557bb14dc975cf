# The project pages: overview, project form, pipeline, structure tabs (work packages, tasks, milestones, deliverables), data quality; the project domain's field errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.
# Arbetspaket förkortas AP (på finska TP); projektmånader skrivs M1, M12.

## Projektöversikten

overview-title = { $code } · Projekt
overview-owner = Projektägare (POO)
overview-edit = Redigera
overview-work-packages = Arbetspaket
overview-tasks = Uppgifter
overview-milestones = Milstolpar
overview-deliverables = Leveranser
overview-capacity-demand = Kapacitetsbehov
overview-team = Team
overview-role-demand = Rollbehov
overview-history = Historik
overview-download-ods = Ladda ner som ODS
overview-locked = Projektet är låst.
overview-locked-by-state = Projektets livscykelstatus låser det.
overview-only-super-admins = Endast superadministratörer får ändra det.
overview-runs = Löptid
overview-runs-value = { $start } – { $end } ({ $months } { $months ->
    [one] månad
   *[other] månader
    })
overview-hours-per-pm = Timmar per personmånad
overview-hours-value = { $hours } timmar per personmånad
overview-system-default = systemets standardvärde

## Timmar per personmånad över tid (översiktens satser)

rate-heading = Timmar per personmånad över tid
rate-intro = Från och med sin månad ersätter en sats här projektets standardvärde ({ $default }) fram till nästa sats. En sats för en personalkategori gäller kategorins personer och går före satserna för alla.
rate-applies-to = Gäller
rate-from = Från
rate-from-month = Från månad
rate-hours = Timmar per personmånad
rate-everyone = Alla
rate-add = Lägg till en sats
rate-month-invalid = Ange månaden som satsen gäller från som ÅÅÅÅ-MM.
rate-choose-group = Välj en personalkategori i listan.
rate-exists = Det finns redan en sats från { $month } för { $group }: ta bort den först.
rate-exists-everyone = Det finns redan en sats från { $month } för alla: ta bort den först.
rate-refused = { $reason } Ingenting ändrades.
rate-what = satsen från { $month } i { $code }
rate-open-latest = Öppna de aktuella satserna

## Projektformuläret (nytt och redigering) och dess fältfel

project-edit-heading = Redigera { $code }
project-code = Kod
project-code-hint = Akronymen, t.ex. EXAMPLE-P
project-name = Namn
project-start = Startmånad
project-start-hint = ÅÅÅÅ-MM: månaden för M1
project-duration = Längd (månader)
project-hours-per-pm = Timmar per personmånad (projektets standardvärde)
project-hours-per-pm-hint = Tomt: systemets sats gäller
project-description = Beskrivning
project-poo = Projektägare (POO)
project-none-yet = — ingen ännu —
project-lifecycle = Livscykelstatus
project-save = Spara
project-create = Skapa projektet
project-cancel = Avbryt
project-stale = Någon sparade projektet efter att du öppnade formuläret, så ingenting sparades.
project-stale-open = Öppna den senaste versionen
project-stale-again = och gör din ändring igen.
project-code-empty = Ange projektets kod (dess akronym).
project-code-shape = Använd bokstäver, siffror, '.', '_' eller '-', högst { $max } tecken.
project-code-taken = Koden { $code } är upptagen: välj en annan.
project-name-empty = Ange projektets namn.
project-start-invalid = Ange startmånaden som ÅÅÅÅ-MM, t.ex. 2026-01.
project-duration-invalid = Ange längden i månader, från 1 till { $max }.
project-choose-organisation = Välj en befintlig organisation.
project-own-organisations = Du kan bara placera projekt under dina egna organisationer.
project-choose-partners = Välj befintliga organisationer.
project-choose-lifecycle = Välj en livscykelstatus.
project-may-not-change = Du får inte ändra det här projektet.
project-filter-month = Filtret '{ $name }' måste vara en månad som 2026-03 (angivet: "{ $value }").
project-filter-organisation = Okänt organisationsfilter.
project-unit-unknown = Okänd enhet "{ $unit }": använd pm eller hours.

## Pipeline

pipeline-title = Pipeline
pipeline-intro = Projekt i pipelinen, med beräknad arbetsinsats (EST) och startmånad.
pipeline-none = Inget projekt finns i pipelinen.
pipeline-group-summary = ({ $count } projekt, { $pm } pm)

## Strukturflikarna: arbetspaket, uppgifter, milstolpar, leveranser

structure-tabs = Projekt
structure-tab-overview = Översikt
structure-tab-capacity = Kapacitet
structure-months-note = Månaderna är projektmånader M1–M{ $duration }.
structure-read-only = Skrivskyddad: { $reason }
structure-col-wp = AP
structure-col-number = Nummer
structure-col-name = Namn
structure-col-begin = Start
structure-col-end = Slut
structure-col-due = Senast
structure-col-type = Typ
structure-col-dissemination = Spridningsnivå
structure-col-role = Roll
structure-col-lead = Ansvarig
structure-field-wp = Arbetspaket
structure-field-begin = Startmånad
structure-field-end = Slutmånad
structure-field-due = Senast (månad)
structure-field-lead = Ansvarig organisation
structure-download-lead = Ansvarig organisation
structure-save = Spara
structure-delete = Ta bort
structure-add = Lägg till
structure-row-error = { $field }: { $sentence }
structure-month-outside = M{ $month } ligger utanför projektets månader M1–M{ $duration }.
structure-end-before-begin = Slutet (M{ $end }) ligger före starten (M{ $begin }).
structure-begin-missing = Ange den första projektmånaden, t.ex. 1.
structure-end-missing = Ange den sista projektmånaden, t.ex. 12.
structure-due-missing = Ange projektmånaden då det ska vara klart, t.ex. 12.
structure-choose-wp = Välj arbetspaket.
structure-choose-from-list = Välj ett alternativ i listan.

wp-title = arbetspaket
wp-what = AP { $number } i { $code }
wp-open-latest = Öppna de aktuella arbetspaketen
wp-label = AP { $number } { $name }
wp-task-count = { $count } { $count ->
    [one] uppgift
   *[other] uppgifter
    }
wp-number-invalid = Ange arbetspaketets nummer, 1 till 999.
wp-number-taken = AP { $number } finns redan i det här projektet.
wp-name-empty = Ange arbetspaketets namn.
wp-has-tasks = AP { $number } har fortfarande { $count } { $count ->
    [one] uppgift
   *[other] uppgifter
    }: ta bort eller flytta dem först.

task-title = uppgifter
task-what = uppgift { $number } i { $code }
task-open-latest = Öppna de aktuella uppgifterna
task-demand-cells = { $count } { $count ->
    [one] behovscell
   *[other] behovsceller
    }
task-number-invalid = Numrera uppgiften <AP>.<n> inom AP { $wp }, t.ex. { $wp }.1.
task-number-taken = Uppgift { $number } finns redan i det här projektet.
task-name-empty = Ange uppgiftens namn.

milestone-title = milstolpar
milestone-what = milstolpe { $number } i { $code }
milestone-open-latest = Öppna de aktuella milstolparna
milestone-number-invalid = Numrera milstolpen MS<n>, t.ex. MS3.
milestone-number-taken = Milstolpe { $number } finns redan i det här projektet.
milestone-name-empty = Ange milstolpens namn.
milestone-choose-wp = Välj ett arbetspaket i det här projektet, eller inget.

deliverable-title = leveranser
deliverable-what = leverans { $number } i { $code }
deliverable-open-latest = Öppna de aktuella leveranserna
deliverable-number-invalid = Numrera leveransen D<AP>.<n> inom AP { $wp }, t.ex. D{ $wp }.1.
deliverable-number-taken = Leverans { $number } finns redan i det här projektet.
deliverable-name-empty = Ange leveransens namn.

## Datakvalitet (sidan, översiktens avsnitt och reglernas meningar)

quality-title = Datakvalitet
quality-none = Inga problem hittades.
quality-none-visible = Inga problem hittades i de projekt du kan se.
quality-count = { $count } { $count ->
    [one] problem
   *[other] problem
    } i de projekt du kan se.
quality-project = Projekt
quality-problem = Problem
quality-fix = Åtgärda
quality-no-poo = Projektet har ingen projektägare (POO).
quality-no-lifecycle = Projektet har ingen livscykelstatus.
quality-wp-outside = AP { $number } löper M{ $begin }–M{ $end }, utanför projektets M1–M{ $duration }.
quality-wp-no-tasks = AP { $number } har inga uppgifter.
quality-task-outside = Uppgift { $number } löper M{ $begin }–M{ $end }, utanför projektets M1–M{ $duration }.
quality-milestone-outside = Milstolpe { $number } ska vara klar i M{ $due }, utanför projektets M1–M{ $duration }.
quality-deliverable-outside = Leverans { $number } ska vara klar i M{ $due }, utanför projektets M1–M{ $duration }.
quality-deliverable-no-type = Leverans { $number } har ingen typ.
quality-deliverable-no-level = Leverans { $number } har ingen spridningsnivå.
quality-demand-outside = { $series }-behovet för { $org } i uppgift { $task } i M{ $month } ligger utanför uppgiftens M{ $begin }–M{ $end }.
quality-demand-negative = { $series }-behovet för { $org } i uppgift { $task } i M{ $month } är negativt ({ $pm } pm).
quality-demand-absurd = { $series }-behovet för { $org } i uppgift { $task } i M{ $month } är { $pm } personmånader: mer än { $max } personmånader på en månad är säkert ett skrivfel.
