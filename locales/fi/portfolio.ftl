# Portfolio, capacity requests, share links, audit log, help pages, the conflict page.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## Salkku (/portfolio)

portfolio-title = Salkku
portfolio-heading = Salkun kapasiteetti
portfolio-all-organisations = Kaikki organisaatiot
portfolio-role = Rooli
portfolio-any-role = Kaikki roolit
portfolio-from = Alkaen
portfolio-months = Kuukausia
portfolio-under-threshold = Alikuormitettu, kun alle
portfolio-show = Näytä
portfolio-intro = { $scope }: henkilötyökuukaudet (htkk) kuukausittain. Kapasiteetti lasketaan jokaisen näkyvän henkilön työpäivistä, päivittäisestä työajasta ja työaikaosuudesta; resursoitu on se, mitä henkilöiden resursoinnit projekteihin vievät; EST-tarve on se, mitä näkyvät projektit (hylättyjä lukuun ottamatta) ovat suunnitelleet organisaatiolle; erotus on kapasiteetti − EST-tarve. Organisaation luvuissa ovat mukana sen alaorganisaatiot. Roolisuodatin rajaa näkyviin henkilöt, joilla on kyseinen rooli jossakin resursoinnissa; EST-tarvetta ei suunnitella rooleittain, joten se pysyy ennallaan.
portfolio-heatmap = Organisaatiot kuukausittain
portfolio-heat-intro = Resursoinnin väri kertoo sen osuuden kapasiteetista:
portfolio-heat-over = yli 100 %
portfolio-heat-under = alle { $percent } %
portfolio-heat-gap = negatiivinen erotus näkyy punaisena.
portfolio-no-organisations = Näytettäviä organisaatioita ei ole.
portfolio-people = { $count } { $count ->
    [one] henkilö
   *[other] henkilöä
    }
portfolio-capacity = Kapasiteetti
portfolio-allocated = Resursoitu
portfolio-est-demand = EST-tarve
portfolio-gap = Erotus
portfolio-share-of-capacity = { $percent } % kapasiteetista
portfolio-no-capacity = ei kapasiteettia
portfolio-demand-exceeds = EST-tarve ylittää kapasiteetin
portfolio-person = Henkilö
portfolio-period = Jakso
portfolio-projects = Projektit
portfolio-over-heading = Ylikuormitetut henkilöt
portfolio-over-intro = Resursoitu yli 100 % kapasiteetistaan ainakin yhtenä kuukautena. Resursointia muutetaan projektin tiimi-välilehdellä.
portfolio-over-more = Näytetään { $shown } eniten ylikuormitettua { $total } henkilöstä; valitse organisaatio nähdäksesi muut.
portfolio-over-none = Kukaan ei ole ylikuormitettu näinä kuukausina.
portfolio-under-heading = Alikuormitetut henkilöt
portfolio-under-intro = Resursoitu koko jaksolla alle { $percent } % kapasiteetistaan.
portfolio-under-more = Näytetään { $shown } vähiten resursoitua { $total } henkilöstä; valitse organisaatio nähdäksesi muut.
portfolio-under-none = Kukaan ei ole alikuormitettu näinä kuukausina.
portfolio-bad-organisation = ”{ $value }” ei ole organisaatio.
portfolio-bad-role = ”{ $value }” ei ole rooli.
portfolio-bad-months = ”{ $value }” kuukautta: valitse 3, 6, 12 tai 24.
portfolio-bad-under = ”{ $value }” ei kelpaa rajaksi: anna kokonainen prosenttiluku väliltä 0–100.
# Latauksen otsikkorivi ja mittarit.
portfolio-csv-organisation = Organisaatio
portfolio-csv-people = Henkilöitä
portfolio-csv-measure = Mittari
portfolio-csv-capacity = Kapasiteetti htkk
portfolio-csv-allocated = Resursoitu htkk
portfolio-csv-est-demand = EST-tarve htkk
portfolio-csv-gap = Erotus htkk

## Salkun kaavio

chart-aria = Kapasiteetti, resursointi ja EST-tarve kuukausittain
chart-capacity = Kapasiteetti
chart-allocated = Resursoitu
chart-est-demand = EST-tarve
chart-unit = htkk kuukaudessa
chart-bar-title = { $month }: kapasiteetti { $capacity }, resursoitu { $allocated }, EST-tarve { $demand } htkk
