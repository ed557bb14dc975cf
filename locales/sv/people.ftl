# People, organisations, users, settings (lookups, holidays, working time) and the seeded lookup names.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## People list

people-title = Personer
people-add = Lägg till en person
people-all-organisations = Alla organisationer
people-search = Namn, kod eller e-post
people-show = Visa
people-count = { $shown } av { $count } { $count ->
        [one] person
       *[other] personer
    }.
people-none-match = Ingen matchar de här filtren.
people-none = Det finns inga personer ännu.
people-add-first = Lägg till den första
people-or = {" "}eller{" "}
people-import = importera en personarbetsbok
people-column-name = Namn
people-column-code = Kod
people-column-organisation = Organisation
people-column-email = E-post
people-column-employment = Anställning
people-employment-since = sedan { $start }
people-employment-until = till { $end }
people-pages = Personlistans sidor
people-range = Personer { $first }–{ $last } av { $total }
people-unknown-organisation = Okänt organisationsfilter.
person-notice-deleted = Personen togs bort.

## Words shared by the people pages

people-optional = (valfritt)
people-choose = — välj —
people-none-option = — ingen —
people-save = Spara
people-cancel = Avbryt
people-delete = Ta bort
people-actions = Åtgärder
people-nothing-saved = Ingenting sparades: rätta de markerade fälten nedan.
people-nothing-changed = Ingenting ändrades: { $problem }

## Person page

person-edit-details = Redigera uppgifter
person-delete-link = Ta bort…
person-notice-added = Personen lades till. Lägg till personalkategori, FTE-perioder och frånvaro under Arbetstid.
person-notice-saved = Personen sparades.
person-employment-open = tills vidare
person-calendar = Helgdagskalender
person-calendar-none = ingen (inga helgdagar dras av)
person-capacity-heading = Kapacitet från { $month }
person-capacity-explained = Arbetsdagar är måndag till fredag utom helgdagar och frånvaro, under anställningen; timmar är personalkategorins timmar per dag × FTE, dag för dag; pm = timmar ÷ timmar per personmånad. Allokerade pm = kapacitet i pm × varje uppdrags % under dess månader, om inte allokeringstabellen har ett eget värde för månaden.
person-no-group = { $name } hör inte till någon personalkategori, så inga timmar per dag är kända och varje dag räknas som 0 timmar.
person-earlier = ← Tidigare
person-later = Senare →
person-column-month = Månad
person-column-working-days = Arbetsdagar
person-column-hours = Timmar
person-column-hours-per-pm = Timmar per pm
person-column-capacity-pm = Kapacitet pm
person-column-allocated-pm = Allokerat pm
person-column-free-pm = Ledigt pm
person-assignments = Uppdrag
person-assignments-none = Inga uppdrag i projekt som du kan se.
person-column-project = Projekt
person-column-role = Roll
person-column-allocation-group = Allokeringsgrupp
person-column-months = Månader
person-team-link = Projektets team och allokeringstabell

## Working time (person page)

workingtime-heading = Arbetstid
workingtime-title = Arbetstid för { $name }
workingtime-back = Tillbaka till { $name }
workingtime-groups = Personalkategorier
workingtime-groups-hint = Kategorin bestämmer timmarna per dag; ett medlemskap gäller från sin dag till nästa medlemskap.
workingtime-groups-link = Personalkategorier och deras timmar
workingtime-no-membership = Inga ännu: varje dag räknas som 0 timmar tills en kategori läggs till.
workingtime-no-groups = Det finns inga personalkategorier ännu:
workingtime-add-one = lägg först till en.
workingtime-none = Inga.
workingtime-membership = { $group } från { $from }
workingtime-remove = Ta bort
workingtime-remove-label = Ta bort { $what }
workingtime-field-group = Kategori
workingtime-field-from = Från
workingtime-from = från
workingtime-field-first-day = Första dag
workingtime-field-last-day = Sista dag
workingtime-add-membership = Lägg till medlemskap
workingtime-notice-membership-added = Medlemskapet i personalkategorin lades till.
workingtime-notice-membership-removed = Medlemskapet i personalkategorin togs bort.
workingtime-stale-membership = det här medlemskapet i en personalkategori för { $name }
workingtime-stale-latest = Öppna den senaste arbetstiden för { $name }
fte-periods = FTE-perioder
fte-hint = Nedsatt arbetstid. Dagar utanför alla perioder är heltid (100 %); där perioder överlappar gäller den som började senast, så en ny öppen period ersätter en äldre från sin första dag.
fte-full-time = Heltid hela tiden.
fte-period-open = { $percent } % från { $start }
fte-period = { $percent } % från { $start } till { $end }
fte-field-percent = FTE %
fte-add = Lägg till FTE-period
fte-notice-added = FTE-perioden lades till.
fte-notice-removed = FTE-perioden togs bort.
fte-stale-period = den här FTE-perioden för { $name }
leave-heading = Frånvaro
leave-hint = Frånvarodagar (första och sista dagen inräknade) är inte arbetsdagar.
leave-period = { $kind }: { $first } – { $last }
leave-no-types = Det finns inga frånvarotyper ännu:
leave-field-type = Typ
leave-add = Lägg till frånvaro
leave-notice-added = Frånvaron lades till.
leave-notice-removed = Frånvaron togs bort.
leave-stale-leave = den här frånvaron för { $name }

## Person form

person-add-heading = Lägg till en person
person-edit-heading = Redigera { $name }
person-field-code = Kod
person-field-first-name = Förnamn
person-field-last-name = Efternamn
person-field-email = E-post
person-field-organisation = Organisation
person-field-employment-start = Anställningens början
person-field-employment-end = Anställningens slut
person-field-user = Kopplad användare
person-code-hint = Unik. För personer som loggar in: deras användarnamn (t.ex. editor@test); de kopplas då till den här personen nästa gång de loggar in.
person-employment-end-hint = (valfritt, sista dagen)
person-user-hint = Användare visas här efter sin första inloggning; en användare som redan är kopplad till en annan person erbjuds inte. En kopplad användare med synligheten ”tilldelade” ser den här personen och personens projekt.
person-add-submit = Lägg till personen
person-stale-latest = Öppna de senaste uppgifterna om { $name }

## Deleting a person

person-delete-title = Ta bort { $code }
person-delete-heading = Ta bort { $name }?
person-delete-nothing-else = { $name } har inga uppdrag och ingen arbetstid: bara personen tas bort.
person-delete-also = Att ta bort { $name } tar också bort, för gott:
person-delete-assignments = { $count ->
        [one] { $count } uppdrag
       *[other] { $count } uppdrag
    }
person-delete-to-projects = i { $projects }
person-delete-overrides = , med { $count ->
        [one] { $count } månad
       *[other] { $count } månader
    } angivna i allokeringstabellen
person-delete-memberships = { $count ->
        [one] { $count } medlemskap i en personalkategori
       *[other] { $count } medlemskap i personalkategorier
    }
person-delete-fte-periods = { $count ->
        [one] { $count } FTE-period
       *[other] { $count } FTE-perioder
    }
person-delete-leaves = { $count ->
        [one] { $count } frånvarorad
       *[other] { $count } frånvarorader
    }
person-delete-advice = En person som har slutat behålls oftast bäst med ett slutdatum för anställningen, så att tidigare planer förblir fullständiga.
person-delete-button = Ta bort { $code }

## Employee groups and leave types

groups-title = Personalkategorier och frånvarotyper
groups-hint = En kategoris timmar per dag gäller från sin dag till kategorins nästa rad; en persons kapacitet räknas varje dag med timmarna för den kategori personen tillhör. En kategori med medlemmar eller timpriser i projekt kan inte tas bort.
groups-none = Det finns inga personalkategorier ännu.
groups-members = { $count ->
        [one] { $count } medlem
       *[other] { $count } medlemmar
    }
groups-rates = { $count ->
        [one] { $count } timpris i projekt
       *[other] { $count } timpriser i projekt
    }
groups-field-valid-from = Gäller från
groups-field-daily-hours = Timmar per dag
groups-field-name = Namn
groups-field-code = Kod
groups-remove-hours-label = Ta bort { $hours } h från { $from }
groups-no-hours = Inga timmar per dag ännu: medlemmarnas dagar räknas som 0 timmar.
groups-add-hours = Lägg till timmar
groups-rename = Byt namn
groups-delete-group = Ta bort { $name }
groups-add-heading = Lägg till en personalkategori
groups-add = Lägg till en kategori
groups-notice-group-added = Personalkategorin lades till.
groups-notice-group-renamed = Personalkategorin bytte namn.
groups-notice-group-deleted = Personalkategorin togs bort.
groups-notice-hours-added = Timmarna per dag lades till.
groups-notice-hours-removed = Timmarna per dag togs bort.
groups-stale-group = personalkategorin { $name }
groups-stale-hours = timmarna per dag för { $name } från { $from }
groups-stale-latest = Öppna de senaste personalkategorierna och frånvarotyperna
leave-types = Frånvarotyper
leave-types-hint = Personfiler hänvisar till frånvarotyper med kod, så koden ändras inte; namnet kan ändras. En typ som fortfarande används av frånvaro kan inte tas bort.
leave-rows = Frånvarorader
leave-name-of = Namn på { $code }
leave-delete-label = Ta bort { $code }
leave-types-none = Det finns inga frånvarotyper ännu.
leave-add-type-heading = Lägg till en frånvarotyp
leave-add-type = Lägg till en frånvarotyp
leave-notice-type-added = Frånvarotypen lades till.
leave-notice-type-renamed = Frånvarotypen bytte namn.
leave-notice-type-deleted = Frånvarotypen togs bort.
leave-stale-type = frånvarotypen { $code }

## Person form and working time: refusals

person-refused-not-admin = Endast administratörer får lägga till, ändra eller ta bort personer och deras arbetstid.
person-error-code-missing = Ange en kod: personens användarnamn vid inloggning, t.ex. ada@example.org.
person-error-code-long = En kod har högst { $max } tecken.
person-error-code-spaces = En kod har inga mellanslag: den är personens användarnamn vid inloggning, t.ex. editor@test.
person-error-code-taken = En annan person har redan koden { $code }.
person-error-code-taken-other = En annan person har redan den här koden.
person-error-name-missing = Ange personens namn (förnamn, efternamn eller båda).
person-error-name-long = Ett namn har högst { $max } tecken.
person-error-employment-order = Anställningens slut ({ $end }) ligger före anställningens början ({ $start }).
person-error-email = ”{ $email }” är ingen e-postadress som ada@example.org (eller lämna fältet tomt).
person-error-date-missing = Ange { $what } som ÅÅÅÅ-MM-DD.
person-error-date-range = Datumet ({ $what }) måste ligga mellan { $first } och { $last }.
person-error-date-format = ”{ $text }” är inget datum: ange { $what } som ÅÅÅÅ-MM-DD.
person-error-number-long = Ett tal med fler än { $max } tecken godtas inte.
person-error-number-exponent = ”{ $text }” har en exponent: skriv ut talet med siffror.
person-error-organisation-missing = Välj personens organisation.
person-error-organisation-unknown = Välj en organisation i listan: den valda finns inte.
person-error-user-unknown = Välj en användare i listan.
person-error-user-linked = Användaren är redan kopplad till { $code }: en användare är en enda person.
person-error-user-linked-other = Användaren är redan kopplad till en annan person: en användare är en enda person.
person-what-employment-start = anställningens första dag
person-what-employment-end = anställningens sista dag
workingtime-what-membership-start = dagen då medlemskapet börjar
workingtime-error-membership-day-taken = Personen byter redan personalkategori den dagen: ta bort det medlemskapet först.
workingtime-error-group-unknown = Välj en personalkategori i listan.
fte-what-first-day = FTE-periodens första dag
fte-what-last-day = FTE-periodens sista dag
fte-error-percent = ”{ $text }” är ingen FTE-procent: ange ett tal från 0 till 100 med högst två decimaler.
fte-error-percent-missing = Ange FTE-procent (0–100).
fte-error-order = FTE-periodens sista dag ({ $end }) ligger före dess första dag ({ $start }).
fte-error-same-start = En FTE-period börjar redan { $start }: ta bort den först och lägg sedan till den nya.
leave-what-first-day = frånvarons första dag
leave-what-last-day = frånvarons sista dag
leave-error-order = Frånvarons sista dag ({ $last }) ligger före den första dagen ({ $first }).
leave-error-type-unknown = Välj en frånvarotyp i listan.
leave-error-duplicate = Den här frånvaron ({ $code }, { $first } – { $last }) finns redan registrerad.

## Employee groups and leave types: refusals

groups-refused-not-admin = Endast administratörer får ändra personalkategorier och frånvarotyper.
groups-what-hours-from = dagen då arbetstiden per dag gäller från
groups-error-hours = ”{ $text }” är ingen arbetstid per dag: ange ett tal över 0 och högst 24 med högst två decimaler.
groups-error-hours-missing = Ange arbetstiden per dag (över 0, högst 24).
groups-error-hours-day-taken = Kategorin har redan en arbetstid per dag från den dagen: ta bort den raden först.
groups-error-name-taken = En annan personalkategori har redan det namnet.
groups-error-name-missing = Ange personalkategorins namn.
groups-error-has-members = { $name } har fortfarande { $count ->
        [one] { $count } medlem
       *[other] { $count } medlemmar
    }: ta först bort deras medlemskap på personsidorna.
groups-error-has-rates = { $name } används av { $count ->
        [one] { $count } timpris i ett projekt
       *[other] { $count } timpriser i projekt
    }: ta först bort dem i projekten.
leave-error-code-missing = Ange en kod, t.ex. VAC.
leave-error-code-form = En frånvarotyps kod består av bokstäver, siffror, '_' eller '-', högst { $max } tecken.
leave-error-code-taken = En annan frånvarotyp har redan den koden.
leave-error-name-missing = Ange frånvarotypens namn.
leave-error-type-used = { $name } ({ $code }) används av { $count ->
        [one] { $count } frånvarorad
       *[other] { $count } frånvarorader
    }: ta först bort den frånvaron på personsidorna.

## Organisations

org-none = Det finns inga organisationer ännu.
org-caption = Organisationer efter hierarki
org-field-short-name = Kortnamn
org-field-name = Namn
org-field-parent = Överordnad
org-field-country = Land
org-column-level = Nivå
org-parent-none = — ingen (en juridisk person) —
org-no-parent = — ingen —
org-edit = Redigera
org-edit-heading = Redigera { $name }
org-add-heading = Lägg till en organisation
org-add = Lägg till
org-notice-added = Organisationen lades till.
org-notice-saved = Organisationen sparades.
org-notice-deleted = Organisationen togs bort.
org-stale-latest = Öppna den senaste versionen av { $name }
org-refused-not-admin = Endast administratörer får ändra organisationer.
org-error-short-name-missing = Ange ett kortnamn.
org-error-short-name-form = Använd bokstäver, siffror, '.', '_' eller '-' (kortnamnet blir gruppen rediflow-org-<kortnamn>), högst { $max } tecken.
org-error-short-name-taken = { $name } finns redan.
org-error-name-missing = Ange organisationens namn.
org-error-country = Använd en landskod med två bokstäver, som FI eller SE.
org-error-parent-unknown = Välj en befintlig organisation.
org-error-parent-cycle = En organisation kan inte placeras under sig själv eller någon av sina egna underorganisationer.
org-error-in-use = { $name } kan inte tas bort medan den används: { $uses }.
org-uses-list = { $first }, { $next }
org-uses-children = { $count ->
        [one] { $count } underorganisation
       *[other] { $count } underorganisationer
    }
org-uses-owned = { $count ->
        [one] { $count } projekt som den äger
       *[other] { $count } projekt som den äger
    }
org-uses-partnered = { $count ->
        [one] { $count } projektpartnerskap
       *[other] { $count } projektpartnerskap
    }
org-uses-people = { $count ->
        [one] { $count } person
       *[other] { $count } personer
    }
org-uses-leads = { $count ->
        [one] { $count } ansvar för ett arbetspaket, en uppgift eller en leverans
       *[other] { $count } ansvar för arbetspaket, uppgifter eller leveranser
    }
org-uses-demand = { $count ->
        [one] { $count } behovscell
       *[other] { $count } behovsceller
    }

## Settings

settings-import = Importera ett kalkylblad
settings-audit-log = Ändringslogg
settings-intro = Grunddata som alla projekt använder. Utan någon annan sats är en personmånad { $hours } timmar.
settings-notice-added = Tillagt.
settings-notice-deleted = Borttaget.
settings-notice-saved = Sparat.
settings-code = Kod
settings-name = Namn
settings-group = Grupp
settings-country = Land
settings-add = Lägg till
settings-yes = ja
settings-no = nej
settings-name-of = Namn på { $code }
settings-group-of = Grupp för { $code }
settings-group-placeholder = t.ex. Forskning
settings-lifecycle-states = Livscykelstatus
settings-pipeline = Säljpipeline
settings-locks = Låser projektet
settings-is-pipeline = { $code } hör till pipeline
settings-locks-of = { $code } låser projektet
settings-pipeline-box = pipeline
settings-locks-box = låser projektet
settings-role-types = Rolltyper
settings-deliverable-types = Leveranstyper
settings-dissemination-levels = Spridningsnivåer
settings-allocation-groups = Allokeringsgrupper
settings-system-rates = Systemets timmar per personmånad
settings-system-rates-hint = Används för månader där projektet varken har en egen sats eller ett eget standardvärde.
settings-valid-from = Gäller från
settings-hours-per-pm = Timmar per pm
settings-no-rates = Inga: serverns standardvärde, { $hours } timmar, gäller.
settings-column-kind = Typ
settings-column-details = Grupp / flaggor / land
settings-kind-lifecycle-state = livscykelstatus
settings-kind-role-type = rolltyp
settings-kind-deliverable-type = leveranstyp
settings-kind-dissemination-level = spridningsnivå
settings-kind-allocation-group = allokeringsgrupp
settings-kind-calendar = kalender
settings-flag-pipeline = pipeline
settings-flag-locks = låser
settings-stale-lifecycle-state = livscykelstatusen { $key }
settings-stale-role-type = rolltypen { $key }
settings-stale-deliverable-type = leveranstypen { $key }
settings-stale-dissemination-level = spridningsnivån { $key }
settings-stale-allocation-group = allokeringsgruppen { $key }
settings-stale-system-rate = systemets sats från { $from }
settings-stale-latest = Öppna de senaste inställningarna
settings-refused-not-admin = Endast administratörer får ändra inställningar.
settings-error-name-missing = Ange namnet.
settings-error-code-missing = Ange koden.
settings-error-code-form = En kod består av bokstäver, siffror, '-', '_' eller '/', högst { $max } tecken.
settings-error-code-lowercase = Den här koden består av små bokstäver, siffror och '_' och börjar med en bokstav.
settings-error-country = Använd en landskod med två bokstäver, som NO, eller lämna fältet tomt.
settings-error-value-taken = Värdet finns redan.
settings-error-name-taken = Namnet finns redan.
settings-error-in-use = { $count ->
        [one] Det används fortfarande { $count } gång
       *[other] Det används fortfarande { $count } gånger
    }: ändra dem först.
settings-error-rate-month = Ange månaden som satsen gäller från som ÅÅÅÅ-MM.
settings-error-hours-per-pm = Ange timmar per personmånad, över 0 och högst 744.

## Holiday calendars

calendar-heading = Helgdagskalendrar
calendar-holidays = Helgdagar
calendar-add = Lägg till en kalender
calendar-stale = kalendern { $key }
calendar-error-unknown = Välj en kalender.
holiday-heading = Helgdagar i { $calendar } { $year }
holiday-day = Dag
holiday-day-placeholder = ÅÅÅÅ-MM-DD
holiday-add = Lägg till en helgdag
holiday-stale = helgdagen { $day }
holiday-error-day = Ange dagen som ÅÅÅÅ-MM-DD.

## Users

users-intro-before = Alla som har loggat in. Roll, synlighet och organisationer kommer från deras
users-intro-after = -grupper så som identitetsleverantören senast bekräftade dem: vid inloggning och igen med några minuters mellanrum under sessionen.
users-none = Ingen har loggat in ännu.
users-column-user = Användare
users-column-person = Person
users-column-sessions = Sessioner
users-revoke-sessions = Avsluta sessioner
users-refused-not-admin = Endast administratörer får se användarna.
users-refused-end-sessions = Endast administratörer får avsluta andra användares sessioner.

## My allocations

people-mine-person-page = personsida
people-mine-intro = kapacitet, allokering per projekt och det som återstår, från { $from } under 12 månader. Timmar är pm × månadens timmar per personmånad.
people-mine-not-linked = Din inloggning är inte kopplad till en person, så det finns inget att visa. En administratör kopplar användare till personer
people-mine-link-persons = matchar personkoder mot användarnamn).
people-mine-capacity-hours = Kapacitet i timmar
people-mine-project-pm = { $code } pm
people-mine-allocated-hours = Allokerat i timmar
people-mine-free-hours = Ledigt i timmar

## JSON API (issue 22): people and staffing
api-people-months-order = Den sista månaden { $to } ligger före den första månaden { $from }.
api-people-months-too-many = Be om högst { $max } månader åt gången.
api-staffing-person-fixed = En allokering hör till sin person: allokera den andra personen separat.
api-staffing-month-outside = { $month } är inte en månad i projektet.
api-staffing-too-many-cells = Ändra högst { $max } celler åt gången.
