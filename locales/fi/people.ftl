# People, organisations, users, settings (lookups, holidays, working time) and the seeded lookup names.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## People list

people-title = Henkilöt
people-add = Lisää henkilö
people-all-organisations = Kaikki organisaatiot
people-search = Nimi, tunnus tai sähköposti
people-show = Näytä
people-count = { $shown } / { $count } { $count ->
        [one] henkilö
       *[other] henkilöä
    }.
people-none-match = Kukaan ei vastaa näitä suodattimia.
people-none = Henkilöitä ei ole vielä.
people-add-first = Lisää ensimmäinen
people-or = {" "}tai{" "}
people-import = tuo henkilötyökirja
people-column-name = Nimi
people-column-code = Tunnus
people-column-organisation = Organisaatio
people-column-email = Sähköposti
people-column-employment = Työsuhde
people-employment-since = { $start } alkaen
people-employment-until = { $end } asti
people-pages = Henkilöluettelon sivut
people-range = Henkilöt { $first }–{ $last }/{ $total }
people-unknown-organisation = Tuntematon organisaatiosuodatin.
person-notice-deleted = Henkilö poistettiin.

## Words shared by the people pages

people-optional = (valinnainen)
people-choose = — valitse —
people-none-option = — ei mitään —
people-save = Tallenna
people-cancel = Peruuta
people-delete = Poista
people-actions = Toiminnot
people-nothing-saved = Mitään ei tallennettu: korjaa alla merkityt kentät.
people-nothing-changed = Mitään ei muutettu: { $problem }

## Person page

person-edit-details = Muokkaa tietoja
person-delete-link = Poista…
person-notice-added = Henkilö lisättiin. Lisää hänen henkilöstöryhmänsä, FTE-jaksonsa ja poissaolonsa kohdassa Työaika.
person-notice-saved = Henkilö tallennettiin.
person-employment-open = voimassa toistaiseksi
person-calendar = Pyhäpäiväkalenteri
person-calendar-none = ei mitään (pyhäpäiviä ei vähennetä)
person-capacity-heading = Kapasiteetti { $month } alkaen
person-capacity-explained = Työpäiviä ovat maanantaista perjantaihin, pyhäpäivät ja poissaolot pois lukien, työsuhteen aikana; tunnit ovat henkilöstöryhmän päivittäinen työaika × FTE päivä päivältä; htkk = tunnit ÷ tuntia/htkk. Resursoitu htkk = kapasiteetti (htkk) × kunkin tehtävän % sen kuukausina, ellei resursointitaulukossa ole asetettu kuukaudelle omaa arvoa.
person-no-group = { $name } ei kuulu mihinkään henkilöstöryhmään, joten päivittäistä työaikaa ei tiedetä ja jokainen päivä lasketaan 0 tunniksi.
person-earlier = ← Aiemmat
person-later = Myöhemmät →
person-column-month = Kuukausi
person-column-working-days = Työpäivät
person-column-hours = Tunnit
person-column-hours-per-pm = Tuntia/htkk
person-column-capacity-pm = Kapasiteetti htkk
person-column-allocated-pm = Resursoitu htkk
person-column-free-pm = Vapaa htkk
person-assignments = Tehtävät projekteissa
person-assignments-none = Ei tehtäviä projekteissa, jotka voit nähdä.
person-column-project = Projekti
person-column-role = Rooli
person-column-allocation-group = Resursointiryhmä
person-column-months = Kuukaudet
person-team-link = Projektin tiimi ja resursointitaulukko

## Working time (person page)

workingtime-heading = Työaika
workingtime-title = Työaika: { $name }
workingtime-back = Takaisin: { $name }
workingtime-groups = Henkilöstöryhmät
workingtime-groups-hint = Ryhmä määrää päivittäisen työajan; jäsenyys on voimassa alkamispäivästään seuraavaan jäsenyyteen asti.
workingtime-groups-link = Henkilöstöryhmät ja niiden työajat
workingtime-no-membership = Ei vielä yhtään: jokainen päivä lasketaan 0 tunniksi, kunnes ryhmä lisätään.
workingtime-no-groups = Henkilöstöryhmiä ei ole vielä:
workingtime-add-one = lisää ensin yksi.
workingtime-none = Ei yhtään.
workingtime-membership = { $group } { $from } alkaen
workingtime-remove = Poista
workingtime-remove-label = Poista { $what }
workingtime-field-group = Ryhmä
workingtime-field-from = Alkaen
workingtime-from = alkaen
workingtime-field-first-day = Ensimmäinen päivä
workingtime-field-last-day = Viimeinen päivä
workingtime-add-membership = Lisää jäsenyys
workingtime-notice-membership-added = Henkilöstöryhmän jäsenyys lisättiin.
workingtime-notice-membership-removed = Henkilöstöryhmän jäsenyys poistettiin.
workingtime-stale-membership = henkilön { $name } tämän henkilöstöryhmäjäsenyyden
workingtime-stale-latest = Avaa henkilön { $name } uusin työaika
fte-periods = FTE-jaksot
fte-hint = Osa-aikainen työaika. Kaikkien jaksojen ulkopuoliset päivät ovat kokoaikaisia (100 %); kun jaksot ovat päällekkäin, viimeksi alkanut on voimassa, joten uusi avoin jakso korvaa vanhemman ensimmäisestä päivästään alkaen.
fte-full-time = Kokoaikainen koko ajan.
fte-period-open = { $percent } % { $start } alkaen
fte-period = { $percent } % { $start } – { $end }
fte-field-percent = FTE %
fte-add = Lisää FTE-jakso
fte-notice-added = FTE-jakso lisättiin.
fte-notice-removed = FTE-jakso poistettiin.
fte-stale-period = henkilön { $name } tämän FTE-jakson
leave-heading = Poissaolot
leave-hint = Poissaolopäivät (ensimmäinen ja viimeinen päivä mukaan lukien) eivät ole työpäiviä.
leave-period = { $kind }: { $first } – { $last }
leave-no-types = Poissaolojen lajeja ei ole vielä:
leave-field-type = Laji
leave-add = Lisää poissaolo
leave-notice-added = Poissaolo lisättiin.
leave-notice-removed = Poissaolo poistettiin.
leave-stale-leave = henkilön { $name } tämän poissaolon

## Person form

person-add-heading = Lisää henkilö
person-edit-heading = Muokkaa: { $name }
person-field-code = Tunnus
person-field-first-name = Etunimi
person-field-last-name = Sukunimi
person-field-email = Sähköposti
person-field-organisation = Organisaatio
person-field-employment-start = Työsuhteen alku
person-field-employment-end = Työsuhteen loppu
person-field-user = Liitetty käyttäjä
person-code-hint = Yksilöllinen. Kirjautuville henkilöille heidän kirjautumistunnuksensa (esim. editor@test): heidät liitetään tähän henkilöön seuraavalla kirjautumisella.
person-employment-end-hint = (valinnainen, viimeinen päivä)
person-user-hint = Käyttäjät näkyvät tässä ensimmäisen kirjautumisensa jälkeen; toiseen henkilöön jo liitettyä käyttäjää ei tarjota. Liitetty käyttäjä, jonka näkyvyys on ”osoitetut”, näkee tämän henkilön ja hänen projektinsa.
person-add-submit = Lisää henkilö
person-stale-latest = Avaa henkilön { $name } uusimmat tiedot

## Deleting a person

person-delete-title = Poista { $code }
person-delete-heading = Poistetaanko { $name }?
person-delete-nothing-else = Henkilöllä { $name } ei ole tehtäviä eikä työaikatietoja: vain henkilö poistetaan.
person-delete-also = Henkilön { $name } poistaminen poistaa pysyvästi myös:
person-delete-assignments = { $count ->
        [one] { $count } tehtävä
       *[other] { $count } tehtävää
    }
person-delete-to-projects = projekteissa { $projects }
person-delete-overrides = , joista { $count ->
        [one] { $count } kuukausi
       *[other] { $count } kuukautta
    } asetettu resursointitaulukossa
person-delete-memberships = { $count ->
        [one] { $count } henkilöstöryhmän jäsenyys
       *[other] { $count } henkilöstöryhmän jäsenyyttä
    }
person-delete-fte-periods = { $count ->
        [one] { $count } FTE-jakso
       *[other] { $count } FTE-jaksoa
    }
person-delete-leaves = { $count ->
        [one] { $count } poissaolorivi
       *[other] { $count } poissaoloriviä
    }
person-delete-advice = Lähtenyt henkilö kannattaa yleensä säilyttää ja merkitä hänelle työsuhteen päättymispäivä, jotta menneet suunnitelmat säilyvät kokonaisina.
person-delete-button = Poista { $code }

## Employee groups and leave types

groups-title = Henkilöstöryhmät ja poissaolojen lajit
groups-hint = Ryhmän päivittäinen työaika on voimassa päivästään ryhmän seuraavaan riviin asti; henkilön kapasiteetti lasketaan kunakin päivänä sen ryhmän tunneista, johon hän kuuluu. Ryhmää, jolla on jäseniä tai projektien tuntihintoja, ei voi poistaa.
groups-none = Henkilöstöryhmiä ei ole vielä.
groups-members = { $count ->
        [one] { $count } jäsen
       *[other] { $count } jäsentä
    }
groups-rates = { $count ->
        [one] { $count } projektin tuntihinta
       *[other] { $count } projektien tuntihintaa
    }
groups-field-valid-from = Voimassa alkaen
groups-field-daily-hours = Tunteja päivässä
groups-field-name = Nimi
groups-field-code = Tunnus
groups-remove-hours-label = Poista { $hours } h { $from } alkaen
groups-no-hours = Päivittäistä työaikaa ei ole vielä: jäsenten päivät lasketaan 0 tunniksi.
groups-add-hours = Lisää työaika
groups-rename = Nimeä uudelleen
groups-delete-group = Poista { $name }
groups-add-heading = Lisää henkilöstöryhmä
groups-add = Lisää ryhmä
groups-notice-group-added = Henkilöstöryhmä lisättiin.
groups-notice-group-renamed = Henkilöstöryhmä nimettiin uudelleen.
groups-notice-group-deleted = Henkilöstöryhmä poistettiin.
groups-notice-hours-added = Päivittäinen työaika lisättiin.
groups-notice-hours-removed = Päivittäinen työaika poistettiin.
groups-stale-group = henkilöstöryhmän { $name }
groups-stale-hours = ryhmän { $name } päivittäisen työajan { $from } alkaen
groups-stale-latest = Avaa uusimmat henkilöstöryhmät ja poissaolojen lajit
leave-types = Poissaolojen lajit
leave-types-hint = Henkilötiedostot viittaavat poissaolon lajiin tunnuksella, joten tunnus ei muutu; nimi voi muuttua. Lajia, jota poissaolot vielä käyttävät, ei voi poistaa.
leave-rows = Poissaolorivejä
leave-name-of = Lajin { $code } nimi
leave-delete-label = Poista { $code }
leave-types-none = Poissaolojen lajeja ei ole vielä.
leave-add-type-heading = Lisää poissaolon laji
leave-add-type = Lisää poissaolon laji
leave-notice-type-added = Poissaolon laji lisättiin.
leave-notice-type-renamed = Poissaolon laji nimettiin uudelleen.
leave-notice-type-deleted = Poissaolon laji poistettiin.
leave-stale-type = poissaolon lajin { $code }

## Person form and working time: refusals

person-refused-not-admin = Vain ylläpitäjät voivat lisätä, muuttaa tai poistaa henkilöitä ja heidän työaikojaan.
person-error-code-missing = Anna tunnus: henkilön kirjautumistunnus, esim. ada@example.org.
person-error-code-long = Tunnuksessa voi olla enintään { $max } merkkiä.
person-error-code-spaces = Tunnuksessa ei voi olla välilyöntejä: se on henkilön kirjautumistunnus, esim. editor@test.
person-error-code-taken = Toisella henkilöllä on jo tunnus { $code }.
person-error-code-taken-other = Toisella henkilöllä on jo tämä tunnus.
person-error-name-missing = Anna henkilön nimi (etunimi, sukunimi tai molemmat).
person-error-name-long = Nimessä voi olla enintään { $max } merkkiä.
person-error-employment-order = Työsuhteen päättymispäivä ({ $end }) on ennen sen alkamispäivää ({ $start }).
person-error-email = ”{ $email }” ei ole sähköpostiosoite, kuten ada@example.org (tai jätä kenttä tyhjäksi).
person-error-date-missing = Anna { $what } muodossa VVVV-KK-PP.
person-error-date-range = Päivämäärän ({ $what }) on oltava vuosien { $first } ja { $last } välillä.
person-error-date-format = ”{ $text }” ei ole päivämäärä: anna { $what } muodossa VVVV-KK-PP.
person-error-number-long = Yli { $max } merkin pituista lukua ei hyväksytä.
person-error-number-exponent = ”{ $text }” sisältää eksponentin: kirjoita luku numeroina.
person-error-organisation-missing = Valitse henkilön organisaatio.
person-error-organisation-unknown = Valitse organisaatio luettelosta: valittua ei ole olemassa.
person-error-user-unknown = Valitse käyttäjä luettelosta.
person-error-user-linked = Käyttäjä on jo liitetty henkilöön { $code }: käyttäjä voi olla vain yksi henkilö.
person-error-user-linked-other = Käyttäjä on jo liitetty toiseen henkilöön: käyttäjä voi olla vain yksi henkilö.
person-what-employment-start = työsuhteen alkamispäivä
person-what-employment-end = työsuhteen päättymispäivä
workingtime-what-membership-start = jäsenyyden alkamispäivä
workingtime-error-membership-day-taken = Henkilön henkilöstöryhmä vaihtuu jo samana päivänä: poista ensin se jäsenyys.
workingtime-error-group-unknown = Valitse henkilöstöryhmä luettelosta.
fte-what-first-day = FTE-jakson ensimmäinen päivä
fte-what-last-day = FTE-jakson viimeinen päivä
fte-error-percent = ”{ $text }” ei ole FTE-prosentti: anna luku 0–100 enintään kahdella desimaalilla.
fte-error-percent-missing = Anna FTE-prosentti (0–100).
fte-error-order = FTE-jakson viimeinen päivä ({ $end }) on ennen sen ensimmäistä päivää ({ $start }).
fte-error-same-start = FTE-jakso alkaa jo { $start }: poista se ensin ja lisää sitten uusi.
leave-what-first-day = poissaolon ensimmäinen päivä
leave-what-last-day = poissaolon viimeinen päivä
leave-error-order = Poissaolon viimeinen päivä ({ $last }) on ennen ensimmäistä päivää ({ $first }).
leave-error-type-unknown = Valitse poissaolon laji luettelosta.
leave-error-duplicate = Tämä poissaolo ({ $code }, { $first } – { $last }) on jo kirjattu.

## Employee groups and leave types: refusals

groups-refused-not-admin = Vain ylläpitäjät voivat muuttaa henkilöstöryhmiä ja poissaolojen lajeja.
groups-what-hours-from = päivä, josta päivittäinen työaika on voimassa
groups-error-hours = ”{ $text }” ei ole päivittäinen työaika: anna luku, joka on yli 0 ja enintään 24, enintään kahdella desimaalilla.
groups-error-hours-missing = Anna päivittäinen työaika tunteina (yli 0, enintään 24).
groups-error-hours-day-taken = Ryhmällä on jo päivittäinen työaika tästä päivästä alkaen: poista ensin se rivi.
groups-error-name-taken = Toisella henkilöstöryhmällä on jo tämä nimi.
groups-error-name-missing = Anna henkilöstöryhmän nimi.
groups-error-has-members = { $name }: { $count ->
        [one] ryhmässä on vielä { $count } jäsen
       *[other] ryhmässä on vielä { $count } jäsentä
    }: poista ensin jäsenyydet henkilöiden sivuilta.
groups-error-has-rates = { $name }: { $count ->
        [one] ryhmää käyttää { $count } projektin tuntihinta
       *[other] ryhmää käyttää { $count } projektien tuntihintaa
    }: poista ne ensin projekteilta.
leave-error-code-missing = Anna tunnus, esim. VAC.
leave-error-code-form = Poissaolon lajin tunnuksessa voi olla kirjaimia, numeroita, '_' tai '-', enintään { $max } merkkiä.
leave-error-code-taken = Toisella poissaolon lajilla on jo tämä tunnus.
leave-error-name-missing = Anna poissaolon lajin nimi.
leave-error-type-used = { $name } ({ $code }) on käytössä { $count ->
        [one] { $count } poissaolorivillä
       *[other] { $count } poissaolorivillä
    }: poista ensin nämä poissaolot henkilöiden sivuilta.

## Organisations

org-none = Organisaatioita ei ole vielä.
org-caption = Organisaatiot hierarkian mukaan
org-field-short-name = Lyhenne
org-field-name = Nimi
org-field-parent = Yläorganisaatio
org-field-country = Maa
org-column-level = Taso
org-parent-none = — ei mitään (oikeushenkilö) —
org-no-parent = — ei mitään —
org-edit = Muokkaa
org-edit-heading = Muokkaa: { $name }
org-add-heading = Lisää organisaatio
org-add = Lisää
org-notice-added = Organisaatio lisättiin.
org-notice-saved = Organisaatio tallennettiin.
org-notice-deleted = Organisaatio poistettiin.
org-stale-latest = Avaa organisaation { $name } uusin versio
org-refused-not-admin = Vain ylläpitäjät voivat muuttaa organisaatioita.
org-error-short-name-missing = Anna lyhenne.
org-error-short-name-form = Käytä kirjaimia, numeroita, '.', '_' tai '-' (lyhenteestä tulee ryhmä rediflow-org-<lyhenne>), enintään { $max } merkkiä.
org-error-short-name-taken = { $name } on jo olemassa.
org-error-name-missing = Anna organisaation nimi.
org-error-country = Käytä kaksikirjaimista maatunnusta, kuten FI tai SE.
org-error-parent-unknown = Valitse olemassa oleva organisaatio.
org-error-parent-cycle = Organisaatiota ei voi sijoittaa itsensä tai oman alaorganisaationsa alle.
org-error-in-use = Organisaatiota { $name } ei voi poistaa, koska se on käytössä: { $uses }.
org-uses-list = { $first }, { $next }
org-uses-children = { $count ->
        [one] { $count } alaorganisaatio
       *[other] { $count } alaorganisaatiota
    }
org-uses-owned = { $count ->
        [one] { $count } projekti, jonka vastuuorganisaatio se on
       *[other] { $count } projektia, joiden vastuuorganisaatio se on
    }
org-uses-partnered = { $count ->
        [one] { $count } projektikumppanuus
       *[other] { $count } projektikumppanuutta
    }
org-uses-people = { $count ->
        [one] { $count } henkilö
       *[other] { $count } henkilöä
    }
org-uses-leads = { $count ->
        [one] { $count } työpaketin, tehtävän tai tuotoksen vastuu
       *[other] { $count } työpakettien, tehtävien tai tuotosten vastuuta
    }
org-uses-demand = { $count ->
        [one] { $count } tarvesolu
       *[other] { $count } tarvesolua
    }

## Settings

settings-import = Tuo taulukko
settings-audit-log = Muutosloki
settings-intro = Kaikkien projektien käyttämät perustiedot. Ellei muuta tuntimäärää ole asetettu, yksi henkilötyökuukausi on { $hours } tuntia.
settings-notice-added = Lisätty.
settings-notice-deleted = Poistettu.
settings-notice-saved = Tallennettu.
settings-code = Tunnus
settings-name = Nimi
settings-group = Ryhmä
settings-country = Maa
settings-add = Lisää
settings-yes = kyllä
settings-no = ei
settings-name-of = Kohteen { $code } nimi
settings-group-of = Kohteen { $code } ryhmä
settings-group-placeholder = esim. Tutkimus
settings-lifecycle-states = Elinkaaren vaiheet
settings-pipeline = Valmisteilla
settings-locks = Lukitsee projektin
settings-is-pipeline = { $code } on valmisteilla oleva vaihe
settings-locks-of = { $code } lukitsee projektin
settings-pipeline-box = valmisteilla
settings-locks-box = lukitsee projektin
settings-role-types = Roolityypit
settings-deliverable-types = Tuotosten lajit
settings-dissemination-levels = Levitystasot
settings-allocation-groups = Resursointiryhmät
settings-system-rates = Järjestelmän tuntia/htkk
settings-system-rates-hint = Käytetään kuukausina, joille projektilla ei ole omaa tuntimäärää eikä oletusta.
settings-valid-from = Voimassa alkaen
settings-hours-per-pm = Tuntia/htkk
settings-no-rates = Ei yhtään: käytetään palvelimen oletusta, { $hours } tuntia.
settings-column-kind = Laji
settings-column-details = Ryhmä / liput / maa
settings-kind-lifecycle-state = elinkaaren vaihe
settings-kind-role-type = roolityyppi
settings-kind-deliverable-type = tuotoksen laji
settings-kind-dissemination-level = levitystaso
settings-kind-allocation-group = resursointiryhmä
settings-kind-calendar = kalenteri
settings-flag-pipeline = valmisteilla
settings-flag-locks = lukitsee
settings-stale-lifecycle-state = elinkaaren vaiheen { $key }
settings-stale-role-type = roolityypin { $key }
settings-stale-deliverable-type = tuotoksen lajin { $key }
settings-stale-dissemination-level = levitystason { $key }
settings-stale-allocation-group = resursointiryhmän { $key }
settings-stale-system-rate = järjestelmän tuntimäärän { $from } alkaen
settings-stale-latest = Avaa uusimmat asetukset
settings-refused-not-admin = Vain ylläpitäjät voivat muuttaa asetuksia.
settings-error-name-missing = Anna nimi.
settings-error-code-missing = Anna tunnus.
settings-error-code-form = Tunnuksessa voi olla kirjaimia, numeroita, '-', '_' tai '/', enintään { $max } merkkiä.
settings-error-code-lowercase = Tässä tunnuksessa voi olla pieniä kirjaimia, numeroita ja '_', ja sen on alettava kirjaimella.
settings-error-country = Käytä kaksikirjaimista maatunnusta, kuten NO, tai jätä kenttä tyhjäksi.
settings-error-value-taken = Arvo on jo olemassa.
settings-error-name-taken = Nimi on jo olemassa.
settings-error-in-use = { $count ->
        [one] Arvo on vielä käytössä { $count } kerran
       *[other] Arvo on vielä käytössä { $count } kertaa
    }: muuta ne ensin.
settings-error-rate-month = Anna kuukausi, josta tuntimäärä on voimassa, muodossa VVVV-KK.
settings-error-hours-per-pm = Anna tuntia/htkk: yli 0 ja enintään 744.

## Holiday calendars

calendar-heading = Pyhäpäiväkalenterit
calendar-holidays = Pyhäpäiviä
calendar-add = Lisää kalenteri
calendar-stale = kalenterin { $key }
calendar-error-unknown = Valitse kalenteri.
holiday-heading = Kalenterin { $calendar } pyhäpäivät vuonna { $year }
holiday-day = Päivä
holiday-day-placeholder = VVVV-KK-PP
holiday-add = Lisää pyhäpäivä
holiday-stale = päivän { $day } pyhäpäivän
holiday-error-day = Anna päivä muodossa VVVV-KK-PP.

## Users

users-intro-before = Kaikki, jotka ovat kirjautuneet. Rooli, näkyvyys ja organisaatiot tulevat heidän
users-intro-after = -ryhmistään sellaisina kuin tunnistuspalvelu ne viimeksi vahvisti: kirjautuessa ja uudelleen muutaman minuutin välein istunnon aikana.
users-none = Kukaan ei ole vielä kirjautunut.
users-column-user = Käyttäjä
users-column-person = Henkilö
users-column-sessions = Istunnot
users-revoke-sessions = Päätä istunnot
users-refused-not-admin = Vain ylläpitäjät voivat nähdä käyttäjät.
users-refused-end-sessions = Vain ylläpitäjät voivat päättää muiden käyttäjien istuntoja.

## My allocations

people-mine-person-page = henkilön sivu
people-mine-intro = kapasiteetti, resursointi projekteittain ja jäljellä oleva aika 12 kuukauden ajalta { $from } alkaen. Tunnit ovat htkk × kuukauden tuntia/htkk.
people-mine-not-linked = Kirjautumistasi ei ole liitetty henkilöön, joten näytettävää ei ole. Ylläpitäjä liittää käyttäjät henkilöihin
people-mine-link-persons = yhdistää henkilötunnukset käyttäjätunnuksiin).
people-mine-capacity-hours = Kapasiteetti tunteina
people-mine-project-pm = { $code } htkk
people-mine-allocated-hours = Resursoitu tunteina
people-mine-free-hours = Vapaa tunteina

## JSON API (issue 22): people and staffing
api-people-months-order = Viimeinen kuukausi { $to } on ennen ensimmäistä kuukautta { $from }.
api-people-months-too-many = Pyydä enintään { $max } kuukautta kerralla.
api-staffing-person-fixed = Resursointi pysyy henkilöllään: resursoi toinen henkilö erikseen.
api-staffing-month-outside = { $month } ei ole projektin kuukausi.
api-staffing-too-many-cells = Muuta enintään { $max } solua kerralla.
