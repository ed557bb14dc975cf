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
portfolio-no-such-organisation = Tällaista organisaatiota ei ole.
portfolio-no-such-role = Tällaista roolia ei ole.
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

## Kapasiteettipyynnöt: saapuneet ja lähetetyt (/capacity-requests)

requests-title-incoming = Saapuneet kapasiteettipyynnöt
requests-title-sent = Lähetetyt kapasiteettipyynnöt
requests-heading = Kapasiteettipyynnöt
requests-intro = Saman oikeushenkilön organisaatiot pyytävät toisiltaan henkilötyökuukausia. Saapuneet ovat pyyntöjä, jotka on osoitettu kohteelle { $scope }; lähetetyt ovat sen omia pyyntöjä. Pyynnöt tehdään projektin kapasiteettitarvesivulta.
requests-intro-children = Saman oikeushenkilön organisaatiot pyytävät toisiltaan henkilötyökuukausia. Saapuneet ovat pyyntöjä, jotka on osoitettu kohteelle { $scope } tai sen alaorganisaatioille; lähetetyt ovat niiden omia pyyntöjä. Pyynnöt tehdään projektin kapasiteettitarvesivulta.
requests-box = Laatikko
requests-incoming = Saapuneet
requests-sent = Lähetetyt
requests-incoming-pending = Saapuneet ({ $count } odottaa)
requests-sent-pending = Lähetetyt ({ $count } odottaa)
requests-include-children = näytä myös alaorganisaatiot
requests-state = Tila
requests-any-state = Kaikki tilat
requests-my-organisations = Omat organisaationi
requests-all-organisations-lower = kaikki organisaatiot
requests-show = Näytä
requests-only-project = Vain projektin { $code } pyynnöt.
requests-this-project = tämä projekti
requests-all-projects = Näytä kaikki projektit
requests-back-to-demand = Takaisin projektin kapasiteettitarpeeseen
requests-none-incoming = Kohteelle { $scope } osoitettuja pyyntöjä ei löytynyt näillä suodattimilla.
requests-none-incoming-children = Kohteelle { $scope } tai sen alaorganisaatioille osoitettuja pyyntöjä ei löytynyt näillä suodattimilla.
requests-none-sent = Kohteen { $scope } lähettämiä pyyntöjä ei löytynyt näillä suodattimilla.
requests-none-sent-children = Kohteen { $scope } tai sen alaorganisaatioiden lähettämiä pyyntöjä ei löytynyt näillä suodattimilla.
requests-tick-children = Valitse ”näytä myös alaorganisaatiot”, niin näet myös alaorganisaatioiden pyynnöt.
requests-caption-incoming = Saapuneet kapasiteettipyynnöt, odottavat ensin
requests-caption-sent = Lähetetyt kapasiteettipyynnöt, odottavat ensin
requests-project = Projekti
requests-from = Pyytäjä
requests-to = Vastaanottaja
requests-months = Kuukaudet
requests-sent-at = Lähetetty
requests-decided-at = Ratkaistu
requests-by = ({ $name })
requests-answer = Vastaa
requests-open = Avaa
requests-bad-box = Tuntematon laatikko ”{ $value }”: käytä arvoa incoming tai sent.
requests-bad-state = Tuntematon tila ”{ $value }”: käytä arvoa pending, accepted, rejected tai withdrawn.
requests-bad-organisation = ”{ $value }” ei ole organisaation tunniste.
# Latauksen otsikkorivi.
requests-csv-project = Projekti
requests-csv-project-name = Projektin nimi
requests-csv-from = Pyytäjä
requests-csv-to = Vastaanottaja
requests-csv-total = Yhteensä htkk
requests-csv-first-month = Ensimmäinen kuukausi
requests-csv-last-month = Viimeinen kuukausi
requests-csv-state = Tila
requests-csv-sent = Lähetetty
requests-csv-sent-by = Lähettäjä
requests-csv-decided = Ratkaistu
requests-csv-decided-by = Ratkaisija
requests-csv-message = Viesti
requests-csv-comment = Kommentti

## Pyynnön tilat

request-state-pending = odottaa
request-state-accepted = hyväksytty
request-state-rejected = hylätty
request-state-withdrawn = peruttu

## Kapasiteetin pyytäminen (/projects/{id}/capacity-requests/new)

request-new-title = { $code } · kapasiteettipyyntö
request-capacity-crumb = Kapasiteetti
request-new-heading = Pyydä kapasiteettia toiselta organisaatiolta
request-new-poo = { $poo } on projektin vastuuorganisaatio ja pyytää toiselta saman oikeushenkilön organisaatiolta henkilötyökuukausia (htkk) tehtävittäin ja kuukausittain.
request-new-intro = Pyynnön saanut organisaatio löytää sen kohdasta Pyynnöt › Saapuneet. Jos se hyväksyy pyynnön, htkk lisätään sen EST-tarpeeseen tässä projektissa ja siitä tulee projektin kumppani; jos se hylkää pyynnön, näet sen kommentin kohdassa Lähetetyt.
request-back-to-demand = Takaisin kapasiteettitarpeeseen
request-nothing-sent = Mitään ei lähetetty
request-organisation-to-ask = Organisaatio, jolta pyydetään
request-choose = — valitse —
request-message = Viesti
request-message-placeholder = Mitä työ on, mitä osaamista se vaatii, keneen voi ottaa yhteyttä
request-grid-heading = Pyydetyt htkk tehtävittäin ja kuukausittain
request-grid-hint = Kirjoita henkilötyökuukaudet niihin kohtiin, joissa tarvitset niitä; tyhjät solut eivät pyydä mitään. Kuluvaa kuukautta aiempia kuukausia ei voi pyytää.
request-task = Tehtävä
request-wp-header = TP { $number } — { $name }
request-cell-label = Tehtävä { $task }, { $month }
request-send = Lähetä pyyntö
request-cancel = Peruuta
request-blocked-no-poo = Projektilla { $code } ei ole vielä vastuuorganisaatiota, joten se ei voi pyytää kapasiteettia toiselta organisaatiolta. Aseta vastuuorganisaatio projektin muokkaussivulla.
request-blocked-no-candidates = Mikään muu organisaatio ei kuulu samaan oikeushenkilöön (juuriorganisaatioon) kuin { $poo }; kapasiteettia voi pyytää vain saman oikeushenkilön sisällä.
request-blocked-no-tasks = Projektilla { $code } ei ole vielä tehtäviä; pyynnöt tehdään tehtävittäin. Lisää ensin tehtävät.
request-blocked-ended = Projekti { $code } on päättynyt: pyydettäviä kuukausia ei ole jäljellä.
request-choose-organisation = Valitse listalta organisaatio, jolta pyydetään: jokin samaan oikeushenkilöön kuin { $poo } kuuluva organisaatio, ei { $poo } itse.
request-message-too-long = Viesti on yli { $max } merkkiä pitkä.
request-no-cells = Kirjoita pyytämäsi htkk vähintään yhteen soluun (tehtävä × kuukausi).
request-cell-place = Tehtävä { $task }, M{ $month }
request-cell-place-month = { $place } ({ $label })
request-cell-no-month = Lomakkeessa on solu ”pm.{ $name }”, josta puuttuu kuukausi.
request-cell-unknown-task = Lomakkeessa on tehtävä, joka ei kuulu projektiin { $code }.
request-cell-bad-month = Tehtävä { $task }: ”{ $month }” ei ole kuukausi.
request-cell-outside = { $place }: projekti kestää kuukaudet M1–M{ $duration }.
request-cell-not-a-number = { $place }: ”{ $text }” ei ole henkilötyökuukausien määrä.
request-cell-too-long = { $place }: yli { $max } merkin pituista lukua ei hyväksytä.
request-cell-exponent = { $place }: luvussa ”{ $text }” on eksponentti: kirjoita luku numeroin.
request-cell-negative = { $place }: { $text } on negatiivinen; pyydä enemmän kuin 0 htkk.
request-cell-too-large = { $place }: { $text } htkk on enemmän kuin kukaan voi antaa kuukaudessa.
request-cell-past = { $place } on mennyttä aikaa; pyydä kuluvaa tai myöhempää kuukautta.

## Yksi pyyntö (/capacity-requests/{id})

request-title = Kapasiteettipyyntö · { $code }
request-heading = { $requesting } pyytää organisaatiolta { $receiving } { $total } htkk projektiin { $code }
request-capacity-demand = kapasiteettitarve
request-asked-by = Pyytäjä
request-asked-by-owner = { $org } (projektin vastuuorganisaatio)
request-asked-of = Pyydetty organisaatiolta
request-no-message = ei viestiä
request-comment = Kommentti
request-your-answer = Vastauksesi
request-accept-comment = Kommentti (vapaaehtoinen)
request-accept-placeholder = Kuka tekee työn, millä ehdoilla
request-accept-effect = Hyväksyminen lisää nämä { $total } htkk organisaation { $org } EST-tarpeeseen projektissa { $code } ja tekee organisaatiosta { $org } projektin kumppanin.
request-accept = Hyväksy
request-reject-comment = Hylkäämisen syy (pakollinen)
request-reject-placeholder = Miksi ei, ja mikä voisi toimia sen sijaan
request-reject = Hylkää
request-withdraw-heading = Peru pyyntö
request-withdraw-comment = Syy (vapaaehtoinen)
request-withdraw = Peru pyyntö
request-waiting = Pyyntö odottaa organisaation { $org } muokkaajien vastausta.
request-sent-notice = Pyyntösi lähetettiin. Organisaation { $org } muokkaajat löytävät sen kohdasta Pyynnöt › Saapuneet; sinä löydät sen kohdasta Lähetetyt.
request-accepted-notice = Hyväksytty: { $pm } htkk lisättiin organisaation { $org } EST-tarpeeseen projektissa { $code } ({ $cells } { $cells ->
    [one] solu
   *[other] solua
    } muuttui).
request-rejected-notice = Hylätty. { $org } näkee kommenttisi kohdassa Lähetetyt.
request-withdrawn-notice = Pyyntö peruttiin.
request-already-decided = Tämän pyynnön tila on jo ”{ $state }” ({ $date }), joten sitä ei voi ratkaista uudelleen. Mitään ei muutettu.
request-accept-locked = Projekti { $code } on lukittu, joten sen tarve ei voi muuttua: pyynnön voi hylätä, tai ylläpitäjä voi hyväksyä sen.
request-accept-past = Pyyntö koskee kuukausia, jotka ovat nyt menneet ({ $months }), ja niitä voi muuttaa vain ylläpitäjä: hylkää pyyntö, jotta { $org } voi lähettää uuden.
request-comment-too-long = Kommentti on yli { $max } merkkiä pitkä. Mitään ei muutettu.
request-only-receiving-editors = Vain organisaation { $org } (tai sen yläpuolisen organisaation) muokkaajat voivat hyväksyä tai hylätä tämän pyynnön. Mitään ei muutettu.
request-only-project-editors = Vain ne muokkaajat, jotka voivat muuttaa projektia { $code }, voivat perua sen pyyntöjä. Mitään ei muutettu.
request-reject-reason = Kerro kommentissa, miksi hylkäät pyynnön, jotta { $org } voi suunnitella toisin. Mitään ei muutettu.
request-nothing-changed = { $reason } Mitään ei muutettu.
request-database-refused = Tietokanta kieltäytyi: { $reason }. Mitään ei muutettu.

## Ohje (/help). Kappaleissa voi olla merkintöjä (<strong>, <em>, <a>, <code>): sivu näyttää ne HTML:nä.

help-title = Ohje
help-what-heading = Mihin Rediflow on tarkoitettu
help-what-text = Rediflow’lla suunnitellaan tutkimusprojekteja ja niissä työskenteleviä ihmisiä. Projektissa on työpaketteja, tehtäviä, välitavoitteita ja tuotoksia; sen työmäärä suunnitellaan henkilötyökuukausina (htkk) kuukausittain kolmena sarjana: <strong>PROJPLAN</strong> (sopimuksen mukainen), <strong>EST</strong> (nykyinen arvio) ja <strong>ACTUAL</strong> (toteutunut). Henkilöillä on työaika ja heidät resursoidaan projekteihin, joten tarvetta voi verrata kapasiteettiin organisaatioiden yli.
help-hours-heading = Tunnit ja henkilötyökuukaudet
help-hours-text = Tunnit saadaan kertomalla henkilötyökuukaudet jakajalla. Kuukauden jakaja on ensimmäinen voimassa oleva seuraavista: projektin tuntimäärä henkilön henkilöstöryhmälle, projektin tuntimäärä, projektin oletus, järjestelmän tuntimäärä ja viimeisenä palvelimen oletus, { $hours } tuntia/htkk.
help-sign-in-heading = Kirjautuminen ja näkyvyys
help-sign-in-oidc = Kirjaudut sisään organisaatiosi käyttäjätunnuksella. <code>rediflow-*</code>-ryhmäsi ratkaisevat roolisi (lukija, muokkaaja, pääkäyttäjä, ylläpitäjä), näkemäsi projektit ja henkilöt sekä organisaatiot, joihin kuulut. Jos sinulta puuttuu ryhmä, ota yhteyttä pääkäyttäjään.
help-sign-in-none = Tällä palvelimella ei ole otettu käyttöön kirjautumista, joten kaikki toimivat samana anonyyminä käyttäjänä.
help-rls-on = Tietokannan rivitason suojaus on <strong>käytössä</strong>.
help-rls-off = Tietokannan rivitason suojaus <strong>ei ole käytössä</strong>.
help-people-heading = Henkilöt, resursointi ja salkku
help-people-capacity = Kun palvelimella suunnitellaan henkilöitä, henkilön <strong>kapasiteetti</strong> kuukaudessa on hänen työpäivänsä (maanantaista perjantaihin, vähennettynä organisaation pyhäpäivillä ja henkilön poissaoloilla, työsuhteen ajalta) × henkilöstöryhmän päivittäinen työaika × työaikaosuus, tunteina ja henkilötyökuukausina (tunnit ÷ tuntia/htkk).
help-people-team = Projektin <strong>Tiimi</strong>-välilehdellä ovat sen resursoinnit (henkilö, rooli, resursointi-%, kiinteä tai joustava, kuukaudet) ja <strong>resursointitaulukko</strong>: htkk, jotka kukin henkilö antaa projektille kuukausittain. Kuukauden arvo on kapasiteetti × resursointi-%, ellei joku ole kirjoittanut siihen omaa arvoa; solun tyhjentäminen laskee arvon uudelleen. Punaiset kuukaudet tarkoittavat, että henkilön resursoinnit kaikissa projekteissa ylittävät hänen kapasiteettinsa. Alempana resursointia verrataan projektin EST-tarpeeseen organisaatioittain. Tallentaminen toimii kuten kapasiteettisivulla: vain muuttuneet solut tallennetaan, ja jos joku on tallentanut projektin välillä, mitään ei tallenneta ja molemmat versiot näytetään.
help-people-mine = <strong>Omat resursoinnit</strong> (etusivulla, kun kirjautumisesi on liitetty henkilöön) näyttää seuraavat 12 kuukauttasi: kapasiteetin, kunkin projektin osuuden ja vapaan ajan, henkilötyökuukausina ja tunteina.
help-people-portfolio = <strong>Salkku</strong> vertaa kuukausittain jokaisen organisaation (alaorganisaatioineen) henkilöiden kapasiteettia, heidän resursointiaan (värjätty käyttöasteen mukaan), organisaatiolle suunniteltua EST-tarvetta ja erotusta (kapasiteetti − tarve). Lisäksi se luettelee henkilöt, jotka on resursoitu yli 100 % jonakin kuukautena tai koko jaksolla alle alikuormitusrajan (oletus { $percent } %), ja linkittää heidän projektiensa tiimeihin.
help-locked-heading = Lukitut tiedot
help-locked-text = Päättyneet projektit ja kuluvaa kuukautta edeltävät kuukaudet ovat vain luku -tilassa; vain ylläpitäjät voivat muuttaa niitä.
help-editing-heading = Henkilöiden muokkaaminen
help-editing-people = Kun henkilökapasiteetti on käytössä, pääkäyttäjät ylläpitävät henkilöitä kohdassa <a href="/people">Henkilöt</a>: <strong>Lisää henkilö</strong> (yksilöllinen koodi, joka on sisään kirjautuvien henkilöiden käyttäjätunnus, nimet, vapaaehtoinen sähköpostiosoite, organisaatio, työsuhteen alku ja mahdollinen loppu sekä halutessa henkilöön liitetty käyttäjätili), ja henkilön sivulla <strong>Muokkaa tietoja</strong> ja <strong>Poista…</strong>. Henkilön poistaminen poistaa myös hänen resursointinsa ja työaikatietonsa; vahvistussivu kertoo, montako riviä poistuu, joten työsuhteen päättymispäivän asettaminen on yleensä parempi ratkaisu.
help-editing-time = Työaikaa muokataan henkilön sivulla: <strong>henkilöstöryhmät</strong> (ryhmän päivittäinen työaika on voimassa jäsenyyden alkupäivästä seuraavaan jäsenyyteen asti), <strong>työaikajaksot</strong> (osa-aikainen työ; päällekkäisistä jaksoista viimeksi alkanut on voimassa) ja <strong>poissaolot</strong> (ensimmäinen ja viimeinen päivä mukaan lukien). Yllä oleva kapasiteettitaulukko näyttää vaikutuksen heti. <a href="/people/groups">Henkilöstöryhmät ja poissaolon lajit</a> -sivulla ovat kunkin ryhmän päivittäiset työajat päivämäärittäin sekä poissaolon lajit; ryhmää, jolla on jäseniä, tai käytössä olevaa poissaolon lajia ei voi poistaa. Jokainen muutos kirjataan muutoslokiin, eikä virheellinen lomake muuta mitään vaan kertoo, mitä pitää korjata.
help-requests-heading = Kapasiteettipyynnöt
help-requests-ask = Kun projekti tarvitsee tekijöitä saman oikeushenkilön toiselta yksiköltä, projektin muokkaaja avaa projektin <em>kapasiteettitarve</em>-sivun ja valitsee <em>Pyydä kapasiteettia toiselta organisaatiolta</em>: hän valitsee organisaation (tarjolla ovat vain vastuuorganisaation kanssa saman juuriorganisaation alaiset organisaatiot), kirjoittaa viestin ja syöttää tarvittavat henkilötyökuukaudet (htkk) tehtävittäin ja kuukausittain.
help-requests-answer = Pyynnön saaneen organisaation ja sen yläpuolisten organisaatioiden muokkaajat löytävät pyynnön kohdasta <em>Pyynnöt › Saapuneet</em> (valitse ”näytä myös alaorganisaatiot”, niin näet omien alaorganisaatioidesi pyynnöt) ja hyväksyvät tai hylkäävät sen kommentin kera. Hyväksyminen lisää htkk:t organisaation EST-tarpeeseen projektissa, tekee organisaatiosta projektin kumppanin ja kirjataan muutoslokiin; hylkäämiselle on kerrottava syy. Pyytäjä seuraa pyyntöjään kohdassa <em>Pyynnöt › Lähetetyt</em> ja voi perua pyynnön niin kauan kuin se odottaa vastausta. Lukittuihin projekteihin ja menneille kuukausille kapasiteettia voivat antaa vain ylläpitäjät.
help-requests-off = Kapasiteettipyynnöt eivät ole käytössä tällä palvelimella (CAPACITY_REQUESTS_ENABLED).
help-share-heading = Jakolinkit
help-share-mine = Omat jakolinkkisi
help-share-text = Taulukkosivuilla on <em>Jaa tämä näkymä</em> -painike. Se tekee sivusta valittuine suodattimineen lyhyen linkin (<code>/s/…</code>), jota ei voi arvata – esimerkiksi kapasiteettitaulukosta tunteina tai henkilön kuukausista tietystä alkukuukaudesta. Linkin avaajan on kirjauduttava sisään, ja hän näkee vain sen, mihin hänen omat oikeutensa riittävät: kollega, jolla ei ole pääsyä projektiin, saa vastaukseksi ”sivua ei löytynyt”. Jokainen avaus lasketaan; linkkisi, niiden avauskerrat ja poistopainike ovat kohdassa { $mine }. Voit tehdä enintään { $limit } uutta linkkiä minuutissa.
help-share-off = Jakolinkit eivät ole käytössä tällä palvelimella (SHARE_URL_FEATURE).

## Jakolinkit (/share, /share/stats)

share-mine-title = Omat jakolinkkisi
share-links = Jakolinkit
share-ready = Linkkisi on valmis
share-copy = Kopioi tämä osoite ja lähetä se kaikille, joiden pitäisi nähdä sama näkymä:
share-opens = Se avaa sivun
share-rights = Linkin avaajan on kirjauduttava sisään, ja hän näkee vain sen, mihin hänen omat oikeutensa riittävät.
share-deleted = Linkki poistettiin; se ei enää avaa mitään.
share-intro = Jakolinkki on lyhyt osoite sivulle valittuine suodattimineen. Tee linkki taulukkosivun ”Jaa tämä näkymä” -painikkeella. Aina kun joku avaa linkin, sen avauskerrat kasvavat yhdellä.
share-intro-admins = Pääkäyttäjille:
share-intro-stats = kaikkien linkkien tilastot
share-none = Sinulla ei ole vielä jakolinkkejä.
share-caption = Omat jakolinkkisi, uusimmat ensin
share-link = Linkki
share-owner = Omistaja
share-title = Otsikko
share-page = Sivu
share-clicks = Avauskerrat
share-created = Luotu
share-last-opened = Viimeksi avattu
share-actions = Toiminnot
share-never = ei koskaan
share-delete = Poista
share-stats-title = Jakolinkkien tilastot
share-stats-intro = Kaikkien käyttäjien linkit, jotka on avattu vähintään { $count } { $count ->
    [one] kerran
   *[other] kertaa
    } (SHARE_URL_STATS_MIN_CLICKS), eniten avatut ensin.
share-stats-none = Yhtäkään linkkiä ei ole vielä avattu { $count } { $count ->
    [one] kertaa
   *[other] kertaa
    }.
share-stats-caption = Jakolinkit avauskertojen mukaan
share-stats-file = jakolinkkien-tilastot
share-rate-limited = Olet tehnyt viimeisen minuutin aikana { $limit } jakolinkkiä, mikä on suurin sallittu määrä. Odota { $seconds } sekuntia ja yritä uudelleen; linkkiä ei tehty.
share-sign-in-first = Jakolinkit kuuluvat kirjautuneelle käyttäjälle; kirjaudu ensin sisään.
share-stats-admins-only = Vain pääkäyttäjät näkevät jakolinkkien tilastot.
share-not-shareable = Jakaa voi vain tämän sivuston sivun, ei etusivua eikä jakolinkkiä itseään.

## Muutosloki (/audit) ja projektin historia (/projects/{id}/history)

audit-title = Muutosloki
audit-history-title = Historia
audit-history-heading = Projektin { $code } historia
audit-what = Kohde
audit-who = Tekijä
audit-everyone = kaikki
audit-from = Alkaen
audit-date-placeholder = VVVV-KK-PP
audit-none = Yksikään muutos ei vastaa hakua.
audit-newest = { $count ->
    [one] Uusin muutos
   *[other] Uusimmat { $count } muutosta
    }
audit-at-most = (enintään { $limit }; rajaa suodattimilla nähdäksesi vanhemmat)
audit-when = Aika
audit-action = Toiminto
audit-entity = Kohde
audit-before = Ennen
audit-after = Jälkeen
audit-action-create = lisäys
audit-action-update = muutos
audit-action-delete = poisto
audit-file = muutosloki
audit-bad-date = Suodattimen ”{ $name }” on oltava päivämäärä, esimerkiksi 2026-03-31.
audit-admins-only = Vain pääkäyttäjät voivat lukea koko muutoslokia.
# The kinds of records the log names.
audit-entity-project = projekti
audit-entity-work-package = työpaketti
audit-entity-task = tehtävä
audit-entity-milestone = välitavoite
audit-entity-deliverable = tuotos
audit-entity-capacity-demand = kapasiteettitarve
audit-entity-role-demand = roolitarve
audit-entity-project-partner = projektin kumppani
audit-entity-assignment = resursointi
audit-entity-allocation-override = resursoinnin poikkeama
audit-entity-person = henkilö
audit-entity-organisation = organisaatio
audit-entity-employee-group = henkilöstöryhmä
audit-entity-employee-group-membership = henkilöstöryhmän jäsenyys
audit-entity-fte-period = työaikajakso
audit-entity-leave = poissaolo
audit-entity-leave-type = poissaolon laji
audit-entity-capacity-request = kapasiteettipyyntö
audit-entity-lifecycle-state = elinkaaren vaihe
audit-entity-role-type = roolityyppi
audit-entity-deliverable-type = tuotoksen laji
audit-entity-dissemination-level = levitystaso
audit-entity-allocation-group = resursointiryhmä
audit-entity-system-hour-rate = järjestelmän tuntimäärä
audit-entity-calendar = kalenteri
audit-entity-holiday = pyhäpäivä
