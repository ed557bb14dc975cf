# Preliminärt arbete, planens tre läsningar och vad händer om-scenarier (docs/scenarios.md).
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The readings

reading-confirmed = Endast bekräftat
reading-tentative = Bekräftat + preliminärt
reading-weighted = Viktat med sannolikheten att vinna

## Refusals

policy-no-role = Du har ingen roll i Rediflow: be en administratör om en.
policy-scenario-not-yours = Endast scenariots ägare får ändra det; det är delat med dig för läsning.
scenario-bad-shift = Flytta starten 1–{ $max } månader senare eller tidigare.
scenario-bad-duration = Ange längden i månader mellan 1 och 600.
scenario-bad-scale = Skala behovet med 0–{ $max } %.
scenario-bad-assignment = Ange en allokering på 0–100 % och en slutmånad som inte ligger före startmånaden.
scenario-bad-allocation = Ange 0–5 PM för en månad, eller lämna cellen tom.
scenario-bad-placeholder = Ange PM per månad (mer än 0) och en slutmånad som inte ligger före startmånaden.
team-bad-status = Välj bekräftad eller preliminär (inte ”{ $value }”).
reading-bad = Välj hur planen läses: confirmed, tentative eller weighted (inte ”{ $value }”).

## Compare

scenario-change-later = börjar { $months } månader senare
scenario-change-earlier = börjar { $months } månader tidigare
scenario-change-duration = pågår { $months } månader
scenario-change-scale = EST-behovet skalat till { $percent } %
scenario-change-won = vunnet
scenario-change-lost = förlorat
scenario-change-add = en ny tilldelning på { $percent } % från { $first } till { $last }
scenario-change-add-tentative = en ny preliminär tilldelning på { $percent } % från { $first } till { $last }
scenario-change-assignment = en tilldelning ändrad till { $percent } % från { $first } till { $last }
scenario-change-remove = en tilldelning borttagen
scenario-change-allocation = { $pm } PM tilldelade i { $month }
scenario-change-allocation-derived = tilldelningen i { $month } härleds åter från kapaciteten
scenario-change-placeholder = { $pm } PM per månad i behov för en roll från { $first } till { $last }
compare-title = Jämför: { $name }
compare-heading = { $name } bredvid den gällande planen
compare-intro = Den gällande planen och planen med scenariots ändringar, så som du får se dem. Inget här ändrar den gällande planen.
compare-back = Tillbaka till scenariot
compare-back-to-compare = Tillbaka till jämförelsen av { $name }
compare-reading = Läsning
compare-changes-heading = Scenariots ändringar
compare-changes-none = Scenariot ändrar inget som du kan se.
compare-outdated = den gällande planen har ändrats sedan dess
compare-people-heading = Personer vars beläggning scenariot ändrar
compare-people-intro = Personer som blir över- eller underbelagda eller slutar vara det; per månad deras beläggning nu → i scenariot.
compare-people-none = Scenariot flyttar ingen in i eller ut ur över- eller underbeläggning under dessa månader.
compare-person-page = personsida
compare-heatmap = Värmekarta: nu → scenario
compare-heat-intro = Varje cell visar den gällande siffran, scenariots och skillnaden (▲ mer, ▼ mindre i scenariot) i PM; en cell som scenariot lämnar som den är visar en siffra.
compare-more = { $value } mer i scenariot
compare-less = { $value } mindre i scenariot
compare-same = samma i scenariot
compare-live = Nu
compare-scenario = Scenario
compare-band-over = överbelagd
compare-band-over-if-tentative = överbelagd med preliminärt arbete
compare-band-under = underbelagd
compare-band-healthy = inom kapaciteten
compare-tentative = preliminär
compare-confirmed = bekräftad
compare-csv-month = Månad
compare-csv-live-capacity = Kapacitet nu PM
compare-csv-scenario-capacity = Kapacitet i scenariot PM
compare-csv-capacity-difference = Kapacitetsskillnad PM
compare-csv-live-allocated = Tilldelat nu PM
compare-csv-scenario-allocated = Tilldelat i scenariot PM
compare-csv-allocated-difference = Skillnad i tilldelat PM
compare-csv-live-demand = EST-behov nu PM
compare-csv-scenario-demand = EST-behov i scenariot PM
compare-csv-demand-difference = Skillnad i EST-behov PM
compare-csv-live-gap = Gap nu PM
compare-csv-scenario-gap = Gap i scenariot PM
compare-csv-gap-difference = Skillnad i gap PM
compare-csv-live-band = Nu
compare-csv-scenario-band = Scenario
compare-csv-live-utilisation = Beläggning nu %
compare-csv-scenario-utilisation = Beläggning i scenariot %
compare-person-title = { $person } i { $name }
compare-person-heading = { $person }: gällande plan och { $name }
compare-person-months = Månader
compare-allocated-beside = Tilldelat PM (nu → scenario)
compare-person-assignments = Tilldelningar
compare-person-no-assignments = Inga tilldelningar under dessa månader, varken nu eller i scenariot.
compare-project = Projekt
compare-what = I scenariot
compare-assignment-added = tillagd
compare-assignment-removed = borttagen
compare-assignment-changed = ändrad
compare-assignment-same = oförändrad
help-compare-heading = Jämföra ett scenario med den gällande planen
help-compare-text = Scenariots jämförelsevy visar portföljens värmekarta två gånger om: för varje organisation och månad den gällande siffran, siffran med scenariots ändringar och skillnaden (▲ mer, ▼ mindre i scenariot). Ovanför finns de personer som scenariot gör över- eller underbelagda eller som slutar vara det, med beläggningen per månad nu → i scenariot, och scenariots ändringar i ord. Välj organisation, roll, månader och läsning som i portföljen; CSV- och ODS-filerna har samma siffror. Inget du ser där ändrar den gällande planen.
help-compare-person = Följ en persons namn för att se personens månader och tilldelningar bredvid scenariot: kapacitet, vad som är tilldelat nu och i scenariot, beläggning och nivå, och vilka tilldelningar scenariot lägger till, ändrar eller tar bort. Du ser bara det du får se av den gällande planen: ändringar av projekt som är dolda för dig utelämnas.
compare-over-heading = Överbelagda i scenariot
compare-over-intro = Personer vars bekräftade arbete överstiger kapaciteten någon månad med scenariots ändringar; per månad beläggningen i scenariot.
compare-over-none = Ingen är överbelagd i scenariot under dessa månader.
