# Alustava työ, suunnitelman kolme lukutapaa ja entä jos -skenaariot (docs/scenarios.md).
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The readings

reading-confirmed = Vain vahvistettu
reading-tentative = Vahvistettu + alustava
reading-weighted = Painotettu voittotodennäköisyydellä

## Refusals

policy-no-role = Sinulla ei ole roolia Rediflow'ssa: pyydä sellaista pääkäyttäjältä.
policy-scenario-not-yours = Vain skenaarion omistaja voi muuttaa sitä; se on jaettu sinulle luettavaksi.
scenario-bad-shift = Siirrä alkua 1–{ $max } kuukautta myöhemmäksi tai aiemmaksi.
scenario-bad-duration = Anna kesto kuukausina väliltä 1–600.
scenario-bad-scale = Skaalaa tarvetta 0–{ $max } %.
scenario-bad-assignment = Anna allokaatio 0–100 % ja loppukuukausi, joka ei ole ennen alkukuukautta.
scenario-bad-allocation = Anna yhdelle kuukaudelle 0–5 htkk tai jätä solu tyhjäksi.
scenario-bad-placeholder = Anna htkk kuukaudessa (yli 0) ja loppukuukausi, joka ei ole ennen alkukuukautta.
team-bad-status = Valitse vahvistettu tai alustava (ei ”{ $value }”).
reading-bad = Valitse suunnitelman lukutapa: confirmed, tentative tai weighted (ei ”{ $value }”).

## Compare

scenario-change-later = alkaa { $months } kuukautta myöhemmin
scenario-change-earlier = alkaa { $months } kuukautta aiemmin
scenario-change-duration = kestää { $months } kuukautta
scenario-change-scale = EST-tarve skaalattu { $percent } %:iin
scenario-change-won = voitettu
scenario-change-lost = hävitty
scenario-change-add = uusi { $percent } %:n allokaatio { $first }–{ $last }
scenario-change-add-tentative = uusi alustava { $percent } %:n allokaatio { $first }–{ $last }
scenario-change-assignment = allokaatio muutettu: { $percent } % { $first }–{ $last }
scenario-change-remove = allokaatio poistettu
scenario-change-allocation = { $pm } htkk allokoitu kuukaudelle { $month }
scenario-change-allocation-derived = kuukauden { $month } allokaatio lasketaan taas kapasiteetista
scenario-change-placeholder = { $pm } htkk kuukaudessa tarvetta roolille { $first }–{ $last }
compare-title = Vertailu: { $name }
compare-heading = { $name } rinnakkain voimassa olevan suunnitelman kanssa
compare-intro = Voimassa oleva suunnitelma ja suunnitelma tämän skenaarion muutoksin, siltä osin kuin saat nähdä ne. Mikään täällä ei muuta voimassa olevaa suunnitelmaa.
compare-back = Takaisin skenaarioon
compare-back-to-compare = Takaisin vertailuun: { $name }
compare-reading = Lukutapa
compare-changes-heading = Skenaarion muutokset
compare-changes-none = Skenaario ei muuta mitään, minkä näet.
compare-outdated = voimassa oleva suunnitelma on muuttunut sen jälkeen
compare-people-heading = Henkilöt, joiden kuormitusta skenaario muuttaa
compare-people-intro = Henkilöt, jotka ylikuormittuvat tai alikuormittuvat tai lakkaavat olemasta sitä; kuukausittain käyttöaste nyt → skenaariossa.
compare-people-none = Skenaario ei siirrä ketään yli- tai alikuormitukseen tai pois siitä näinä kuukausina.
compare-person-page = henkilön sivu
compare-heatmap = Lämpökartta: nyt → skenaario
compare-heat-intro = Jokaisessa solussa on voimassa oleva luku, skenaarion luku ja erotus (▲ enemmän, ▼ vähemmän skenaariossa) henkilötyökuukausina; solussa, jota skenaario ei muuta, on yksi luku.
compare-more = { $value } enemmän skenaariossa
compare-less = { $value } vähemmän skenaariossa
compare-same = sama skenaariossa
compare-live = Nyt
compare-scenario = Skenaario
compare-band-over = ylikuormitettu
compare-band-over-if-tentative = ylikuormitettu alustavan työn kanssa
compare-band-under = alikuormitettu
compare-band-healthy = kapasiteetin rajoissa
compare-tentative = alustava
compare-confirmed = vahvistettu
compare-csv-month = Kuukausi
compare-csv-live-capacity = Kapasiteetti nyt htkk
compare-csv-scenario-capacity = Kapasiteetti skenaariossa htkk
compare-csv-capacity-difference = Kapasiteetin erotus htkk
compare-csv-live-allocated = Allokoitu nyt htkk
compare-csv-scenario-allocated = Allokoitu skenaariossa htkk
compare-csv-allocated-difference = Allokoinnin erotus htkk
compare-csv-live-demand = EST-tarve nyt htkk
compare-csv-scenario-demand = EST-tarve skenaariossa htkk
compare-csv-demand-difference = EST-tarpeen erotus htkk
compare-csv-live-gap = Vaje nyt htkk
compare-csv-scenario-gap = Vaje skenaariossa htkk
compare-csv-gap-difference = Vajeen erotus htkk
compare-csv-live-band = Nyt
compare-csv-scenario-band = Skenaario
compare-csv-live-utilisation = Käyttöaste nyt %
compare-csv-scenario-utilisation = Käyttöaste skenaariossa %
compare-person-title = { $person } skenaariossa { $name }
compare-person-heading = { $person }: voimassa oleva suunnitelma ja { $name }
compare-person-months = Kuukaudet
compare-allocated-beside = Allokoitu htkk (nyt → skenaario)
compare-person-assignments = Allokaatiot
compare-person-no-assignments = Ei allokaatioita näinä kuukausina, ei nyt eikä skenaariossa.
compare-project = Projekti
compare-what = Skenaariossa
compare-assignment-added = lisätty
compare-assignment-removed = poistettu
compare-assignment-changed = muutettu
compare-assignment-same = ennallaan
help-compare-heading = Skenaarion vertailu voimassa olevaan suunnitelmaan
help-compare-text = Skenaarion vertailunäkymä näyttää salkun lämpökartan kahdesti: jokaiselle organisaatiolle ja kuukaudelle voimassa olevan luvun, luvun skenaarion muutoksin ja erotuksen (▲ enemmän, ▼ vähemmän skenaariossa). Sen yläpuolella ovat henkilöt, jotka skenaario ylikuormittaa tai alikuormittaa tai jotka lakkaavat olemasta sitä, käyttöasteineen kuukausittain nyt → skenaariossa, sekä skenaarion muutokset sanoin. Valitse organisaatio, rooli, kuukaudet ja lukutapa kuten salkussa; CSV- ja ODS-tiedostoissa ovat samat luvut. Mikään siellä näkyvä ei muuta voimassa olevaa suunnitelmaa.
help-compare-person = Henkilön nimestä näet hänen kuukautensa ja allokaationsa skenaarion rinnalla: kapasiteetin, allokoidun nyt ja skenaariossa, käyttöasteen ja kuormitusluokan sekä mitkä allokaatiot skenaario lisää, muuttaa tai poistaa. Näet vain sen, minkä saat nähdä voimassa olevasta suunnitelmasta: sinulta piilotettujen projektien muutokset jätetään pois.
compare-over-heading = Ylikuormitetut skenaariossa
compare-over-intro = Henkilöt, joiden vahvistettu työ ylittää kapasiteetin jonakin kuukautena skenaarion muutoksin; kuukausittain käyttöaste skenaariossa.
compare-over-none = Kukaan ei ole ylikuormitettu skenaariossa näinä kuukausina.
