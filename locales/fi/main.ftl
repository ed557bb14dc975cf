# Rediflow suomeksi. Jokainen viesti on myös tiedostoissa en/main.ftl ja sv/main.ftl samoin
# argumentein (tests/api/i18n.rs tarkistaa). PM = htkk (henkilötyökuukausi).

## Jokaisen sivun kehys: navigointi, käyttäjä, ilmoitus, alatunniste

nav-main = Päävalikko
nav-home = Etusivu
nav-projects = Projektit
nav-people = Henkilöt
nav-portfolio = Salkku
nav-organisations = Organisaatiot
nav-settings = Asetukset
nav-users = Käyttäjät
nav-requests = Pyynnöt
nav-help = Ohje
skip-to-content = Siirry sisältöön
env-badge-title = Ympäristö
sign-out = Kirjaudu ulos
user-label = { $name } ({ $role })
banner-no-auth = Kirjautumista ei ole otettu käyttöön: kaikki tämän palvelimen käyttäjät toimivat anonyyminä käyttäjänä, jonka rooli on { $role }.
share-view = Jaa tämä näkymä
share-view-title = Tee lyhyt linkki tähän sivuun valittuine suodattimineen
share-your-links = omat linkkisi
footer-help = Ohje
footer-language = Kieli

## Roolit ja näkyvyys

role-none = ei käyttöoikeutta
role-viewer = lukija
role-editor = muokkaaja
role-admin = pääkäyttäjä
role-super_admin = ylläpitäjä
visibility-all = kaikki
visibility-org = omien organisaatioiden projektit
visibility-assigned = projektit, joihin on resursoitu

## Virhesivut

error-not-found-title = Sivua ei löytynyt
error-not-found = Hakemaasi sivua tai tietuetta ei ole olemassa.
error-forbidden-title = Ei sallittu
error-forbidden = Sinulla ei ole oikeutta tähän.
error-unauthorized-title = Kirjautuminen vaaditaan
error-unauthorized = Kirjaudu sisään jatkaaksesi.
error-too-many-title = Liian monta yritystä
error-too-many = Liian monta yritystä. Odota minuutti ja yritä uudelleen.
error-conflict-title = Ei tallennettu
error-conflict = Muutos on ristiriidassa tallennettujen tietojen kanssa, joten mitään ei muutettu.
error-method-title = Ei mahdollista tässä
error-method = Tämä osoite ei ota vastaan tällaista pyyntöä.
error-unavailable-title = Tilapäisesti poissa käytöstä
error-unavailable = Tietokantaan ei juuri nyt saada yhteyttä. Yritä hetken kuluttua uudelleen.
error-internal-title = Jokin meni vikaan
error-internal = Jokin meni vikaan palvelimella.
error-bad-request-title = Pyyntöä ei ymmärretty
error-bad-request = Pyyntöä ei voitu tulkita.
error-no-access-title = Ei vielä käyttöoikeutta
error-request-id = Jos tämä toistuu, kerro pääkäyttäjälle tämän pyynnön tunniste:
error-sign-in = Kirjaudu sisään
error-back-home = Takaisin etusivulle
app-error-not-signed-in = Et ole kirjautunut sisään (tai istuntosi on päättynyt), joten mitään ei muutettu. Kirjaudu sisään ja yritä uudelleen.
app-error-no-access = Olet kirjautunut sisään, mutta sinulla ei ole vielä käyttöoikeutta Rediflow’hun: pyydä pääkäyttäjää lisäämään sinut johonkin rediflow-ryhmään (rediflow-viewers, rediflow-editors tai rediflow-admins).
app-error-rate-limited = Liian monta yritystä. Odota { $seconds } sekuntia ja yritä uudelleen.
app-error-busy = Joku muu tallensi saman suunnitelman samalla hetkellä, joten mitään ei tallennettu. Yritä uudelleen.
app-error-duplicate = Samalla koodilla tai nimellä on jo tietue. Mitään ei muutettu.
app-error-references = Muutos on ristiriidassa muiden tietueiden kanssa: jotain, mihin se viittaa, ei enää ole, tai muut tietueet viittaavat yhä siihen. Mitään ei muutettu.
app-error-not-allowed-value = Arvo ei kelpaa tähän (tyhjä, sallitun alueen ulkopuolella tai päällekkäinen toisen kanssa). Mitään ei muutettu.
app-error-policy = Et voi tehdä tätä muutosta. Mitään ei muutettu.
app-error-nul = Tekstissä on merkki, jota ei voi tallentaa (NUL-tavu). Mitään ei muutettu.
app-error-too-large = Arvo on liian suuri tallennettavaksi. Mitään ei muutettu.
app-error-unknown-language = ”{ $code }” ei ole tämän palvelimen kieli: valitse en, fi tai sv.

## Kirjautuminen

signed-out-title = Uloskirjautunut
signed-out-heading = Olet kirjautunut ulos
signed-out-text = Rediflow-istuntosi on päättynyt.
sign-in-again = Kirjaudu uudelleen

## Oma tili

account-title = Oma tili
account-username = Käyttäjätunnus
account-name = Nimi
account-email = Sähköposti
account-role = Rooli
account-visibility = Näkyvyys
account-organisations = Organisaatiot
account-unknown-organisation = Millään organisaatiolla ei ole tätä lyhytnimeä
account-person = Linkitetty henkilö
account-groups = Ryhmät
account-last-sign-in = Edellinen kirjautuminen
account-never = ei koskaan
account-sessions = Aktiiviset istunnot
account-preferences = Omat asetukset
account-saved = Asetuksesi tallennettiin.
account-nothing-saved = Mitään ei tallennettu.
account-default-organisation = Projektilista näyttää aluksi organisaation
account-all-organisations = kaikki organisaatiot
account-show-hours = Näytä kapasiteettitaulukot tunteina henkilötyökuukausien (htkk) sijaan
account-language = Kieli
account-language-browser = selaimeni kieli
account-language-hint = Sivujen ja CSV-latausten kieli: suomeksi ja ruotsiksi CSV-tiedostoissa luvut ovat muotoa 1234,5 ja kentät erotetaan puolipisteellä, englanniksi muotoa 1234.5 ja kentät erotetaan pilkulla. ODS-lataukset toimivat kaikilla kielillä.
account-save = Tallenna asetukset
account-anonymous = Kirjautumista ei ole otettu käyttöön tällä palvelimella: olet anonyymi käyttäjä, jonka rooli on { $role }.
account-choose-organisation = Valitse organisaatio listalta.

## Etusivu

home-title = Etusivu
home-my-allocations = Omat resursoinnit
home-my-allocations-intro = { $person }, seuraavat 12 kuukautta.
home-my-allocations-more = Aiemmat ja myöhemmät kuukaudet, lataukset
home-glance = Salkku lyhyesti
home-organisations = { $count ->
    [one] organisaatio
   *[other] organisaatiota
    }
home-projects = { $count ->
    [one] projekti
   *[other] projektia
    }
home-persons = { $count ->
    [one] henkilö
   *[other] henkilöä
    }
home-getting-started = Näin pääset alkuun
home-no-projects = Projekteja ei ole vielä.
home-help-link = Miten Rediflow on järjestetty

## Omat resursoinnit (etusivu ja /my-allocations)

allocations-caption = Kapasiteetti, resursointi projekteittain ja vapaa kapasiteetti kuukausittain
allocations-month = Kuukausi
allocations-capacity = Kapasiteetti
allocations-per-project = Resursoitu projekteittain, htkk
allocations-allocated = Resursoitu
allocations-free = Vapaana
allocations-over = yli
allocations-over-title = Resursoitu yli kapasiteetin
unit-hours = tuntia
unit-pm = htkk
total = Yhteensä

## Projektilista

projects-title = Projektit
projects-new = Uusi projekti
projects-pipeline = Valmisteilla olevat
projects-quality = Tietojen laatu
filter-search = Haku
filter-search-placeholder = koodi tai nimi
filter-organisation = Organisaatio
filter-all = kaikki
filter-state = Tila
filter-active-from = Käynnissä alkaen
filter-active-to = asti
filter-month-placeholder = VVVV-KK
filter-apply = Suodata
filter-clear = Tyhjennä
projects-none = Yksikään projekti ei vastaa hakua.
download-csv = Lataa CSV
download-ods = Lataa ODS
column-code = Koodi
column-name = Nimi
column-owner = Vastuuorganisaatio (POO)
column-partners = Kumppanit
column-state = Tila
column-start = Alku
column-end = Loppu
column-months = Kuukausia
column-projplan-pm = PROJPLAN htkk
column-est-pm = EST htkk
column-actual-pm = ACTUAL htkk
tag-locked = lukittu
projects-total = Yhteensä { $count } { $count ->
    [one] projekti
   *[other] projektia
    }
projects-pages = Projektilistan sivut
pager-previous = ← Edellinen
pager-next = Seuraava →
projects-range = Projektit { $first }–{ $last }/{ $total }
projects-count = { $count } { $count ->
    [one] projekti
   *[other] projektia
    }.

## Kaikkien alueiden yhteiset hylkäykset
account-error-no-user = Asetukset vaativat kirjautuneen käyttäjän, eikä kirjautumista ole otettu käyttöön tällä palvelimella.
account-error-language-no-user = Kielen tallentaminen vaatii kirjautuneen käyttäjän, eikä kirjautumista ole otettu käyttöön tällä palvelimella.
app-error-cross-site = Pyyntö ei tullut tämän sivuston sivulta, joten mitään ei muutettu.

app-error-stale = Joku muutti tätä sen jälkeen, kun avasit sen, joten mitään ei tallennettu. Lataa sivu uudelleen nähdäksesi nykyiset arvot.
sentences-two = { $first } { $second }

## Valmiiksi asennettujen hakuarvojen nimet (i18n::seeded)

seeded-idea = Idea
seeded-proposal = Valmistelussa
seeded-submitted = Jätetty
seeded-running = Käynnissä
seeded-closed = Päättynyt
seeded-rejected = Hylätty
seeded-fixed = Kiinteä
seeded-flexible = Joustava
seeded-research = Tutkimus
seeded-management = Hallinto
seeded-technical = Tekninen
seeded-documents = Asiakirjat
seeded-results = Tulokset
seeded-public = Julkinen
seeded-restricted = Rajattu
seeded-senior-researcher = Vanhempi tutkija
seeded-researcher = Tutkija
seeded-research-assistant = Tutkimusavustaja
seeded-project-manager = Projektipäällikkö
seeded-developer = Ohjelmistokehittäjä
seeded-technician = Teknikko
seeded-document-report = Asiakirja, raportti
seeded-data-management-plan = Aineistonhallintasuunnitelma
seeded-ethics = Etiikka
seeded-demonstrator = Demonstraattori, pilotti, prototyyppi
seeded-websites = Verkkosivut, patenttihakemukset, videot
seeded-data-sets = Aineistot, mikroaineistot
seeded-other = Muu
seeded-sensitive = Arkaluonteinen
seeded-eu-restricted = EU:n käyttö rajoitettu
seeded-eu-confidential = EU:n luottamuksellinen
seeded-eu-secret = EU:n salainen
seeded-vacation = Vuosiloma
seeded-sick-leave = Sairausloma
seeded-parental-leave = Perhevapaa
seeded-unpaid-leave = Palkaton vapaa
seeded-finland = Suomi
seeded-sweden = Ruotsi

## Henkilökohtaiset käyttötunnisteet (src/auth/tokens.rs, /account, /users)
token-name-missing = Anna tunnisteelle nimi, josta tunnistat sen myöhemmin (esimerkiksi ”Power BI”).
token-name-too-long = Tunnisteen nimessä voi olla enintään { $max } merkkiä.
token-scope-invalid = Valitse tunnisteen oikeudet: luku tai kirjoitus.
token-days-invalid = Anna päivät, joiden kuluttua tunniste vanhenee: kokonaisluku 1–{ $max }.
token-needs-user = Tunnisteet tarvitsevat kirjautuneen käyttäjän; kirjautumista ei ole määritetty tälle palvelimelle.
token-section = API-tunnisteet
token-intro = Henkilökohtaisella käyttötunnisteella komentosarja tai raportointityökalu voi käyttää JSON-rajapintaa sinun nimissäsi: se näkee ja muuttaa täsmälleen sen, mitä sinä saat. Pidä se salassa kuin salasana ja peruuta se, kun sitä ei enää tarvita.
token-api-reference = Rajapinnan kuvaus
token-created = Uusi tunnisteesi:
token-copy-now = Kopioi se nyt: se näytetään vain tämän kerran, ja palvelin säilyttää siitä vain sormenjäljen.
token-new-label = Uusi tunniste (valitse ja kopioi)
token-revoked = Tunniste peruutettiin: se ei enää toimi.
token-none = Sinulla ei ole tunnisteita.
token-none-anyone = Kenelläkään ei ole tunnistetta.
token-everyones = Henkilökohtaiset käyttötunnisteet
token-name = Nimi
token-scope = Oikeudet
token-scope-read = luku
token-scope-write = kirjoitus
token-scope-read-hint = luku: se vain lukee
token-scope-write-hint = kirjoitus: se myös muuttaa sitä, mitä sinä saat muuttaa
token-hint = Alkaa
token-created-at = Luotu
token-last-used = Viimeksi käytetty
token-expires = Vanhenee
token-state = Tila
token-state-live = voimassa
token-state-expired = vanhentunut
token-state-revoked = peruutettu { $date }, peruutti { $by }
token-revoke = Peruuta
token-revoke-named = Peruuta tunniste { $name }
token-revoke-of = Peruuta käyttäjän { $user } tunniste { $name }
token-new = Uusi tunniste
token-days = Päiviä vanhenemiseen
token-days-hint = 1–{ $max } päivää.
token-create = Luo tunniste
token-not-made = Tunnistetta ei luotu: korjaa alla olevat kentät.

## JSON-rajapinnan kapasiteettipyynnöt ja luettelot (src/api/requests.rs, src/api/lookups.rs)
api-requests-month-invalid = Solu { $index }: anna kuukausi muodossa VVVV-KK, esimerkiksi 2027-03.
api-requests-cell-twice = Solu { $index } pyytää uudelleen tehtävää ja kuukautta, jotka on jo annettu: anna kukin tehtävä ja kuukausi kerran.
