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
