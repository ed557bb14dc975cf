# The spreadsheet import (page, CLI and their problems) and the view downloads' shared words.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## Import page (/import)

import-title = Tuonti
import-heading = Tuo taulukkotiedosto
import-not-imported = Tiedostoa { $file } ei tuotu
import-refused-intro = Mitään ei muutettu. Tiedosto muuttaa asioita, joita vain ylläpitäjä saa muuttaa:
import-problems-intro = { $count ->
    [one] Mitään ei muutettu. Korjaa tämä virhe tiedostoon ja lataa se uudelleen:
   *[other] Mitään ei muutettu. Korjaa nämä { $count } virhettä tiedostoon ja lataa se uudelleen:
    }
import-done-heading = Tuotu { $file } ({ $subject })
import-preview-heading = Mitä tiedoston { $file } ({ $subject }) tuonti muuttaisi
import-col-what = Mitä
import-col-created = Luotu
import-col-updated = Päivitetty
import-col-deleted = Poistettu
import-new-lookups = Uudet hakuarvot: { $values }.
import-nothing-yet = Mitään ei ole vielä tallennettu.
import-confirm-button = Tuo { $file }
import-cancel = Peruuta
import-kind-legend = Mitä tiedosto sisältää
import-kind-project = Projekti (välilehdet Project, Organisations, Work packages, …)
import-kind-people = Henkilöt (välilehdet Employee groups, Persons, Project assignments, …)
import-file-label = Taulukkotiedosto (.ods tai .xlsx)
import-hint = Tiedosto tarkistetaan, ja näet mitä se muuttaisi, ennen kuin mitään tallennetaan. Tiedoston rakenne on kuvattu ylläpidon dokumentaatiossa (docs/ods-format.md).
import-check-button = Tarkista tiedosto
import-admins-only = Vain pääkäyttäjät voivat tuoda taulukkotiedostoja.
import-not-waiting = Tämä tuonti ei ole enää odottamassa: lataa tiedosto uudelleen.
import-subject-people = henkilöt

## What an import changes (the page's table and the CLI's summary)

import-changes = { $created } luotu, { $updated } päivitetty, { $deleted } poistettu
import-kind-organisations = organisaatiot
import-kind-projects = projektit
import-kind-partners = kumppanit
import-kind-work-packages = työpaketit
import-kind-tasks = tehtävät
import-kind-milestones = välitavoitteet
import-kind-deliverables = tuotokset
import-kind-est-cells = EST-tarvesolut
import-kind-projplan-cells = PROJPLAN-tarvesolut
import-kind-other-cells = poistettujen tehtävien muut tarvesolut
import-kind-employee-groups = henkilöstöryhmät
import-kind-daily-hours = päivittäiset työtunnit
import-kind-leave-types = poissaolon lajit
import-kind-persons = henkilöt
import-kind-group-memberships = ryhmäjäsenyydet
import-kind-leave = poissaolot
import-kind-assignments = resursoinnit
import-lookup-role-type = roolityyppi ”{ $name }”
import-lookup-deliverable-type = tuotoksen laji ”{ $name }”
import-lookup-dissemination-level = levitystaso ”{ $name }”
import-step-reading = luetaan { $file }
import-step-checking = tarkistetaan { $file }
import-step-writing = tallennetaan { $file }
import-step-writing-people = tallennetaan henkilöt

## The upload (the import page's form)

upload-unreadable = Ladattua tiedostoa ei voitu lukea: { $detail }
upload-too-many-parts = Latauksessa on yli { $max } osaa; lähetä lomake niin kuin sivu sen lähettää.
upload-file-too-large = Tiedosto on yli { $mb } Mt.
upload-field-too-long = Latauksen kenttä ”{ $field }” on yli { $max } tavua pitkä.
upload-choose-file = Valitse tuotava .ods- tai .xlsx-tiedosto.
upload-file-name-too-long = Tiedoston nimi on yli { $max } merkkiä pitkä: nimeä tiedosto uudelleen ja lataa se uudestaan.
upload-sign-in-first = Tuonti odottaa lataajaansa; kirjaudu ensin sisään.

## The problems of a workbook: where (file: sheet, row, column) and what

sheet-place-sheet = välilehti '{ $sheet }'
sheet-place-row = rivi { $row }
sheet-place-column = sarake '{ $column }'
sheet-file-unreadable = ei ole luettava taulukkotiedosto (.ods- tai .xlsx-tiedosto, joka ei ole salasanasuojattu eikä vioittunut): { $detail }
sheet-file-format = vain .ods- ja .xlsx-tiedostoja voi tuoda
sheet-missing = välilehti puuttuu
sheet-empty = välilehti on tyhjä: ensimmäisellä rivillä on oltava sarakeotsikot
sheet-column-missing = sarake '{ $column }' puuttuu
sheet-row-missing = rivi '{ $row }' puuttuu
sheet-cell-empty = on tyhjä
sheet-cell-not-whole = ”{ $text }” ei ole kokonaisluku
sheet-cell-not-number = ”{ $text }” ei ole luku
sheet-cell-exponent = luvussa ”{ $text }” on eksponentti: kirjoita luku numeroin
sheet-cell-number-too-long = yli { $max } merkin pituista lukua ei hyväksytä
sheet-cell-invalid-date = ei ole kelvollinen päivämäärä
sheet-cell-not-date = { $text } ei ole päivämäärä
sheet-cell-not-iso-date = ”{ $text }” ei ole päivämäärä (kirjoita se muodossa VVVV-KK-PP)
sheet-cell-not-month = ”{ $text }” ei ole kuukausi (kirjoita se muodossa VVVV-KK)
import-file-unreadable = tiedostoa ei voi lukea: { $detail }
import-code-in-two-files = projektin tunnus { $code } on myös tiedostossa { $other }
import-changed-meanwhile = organisaatiot, projektit tai hakuarvot, joihin tiedosto viittaa, muuttuivat tarkistuksen aikana: mitään ei tuotu, tuo tiedosto uudelleen
import-refused-project = projekti { $project }: { $why }
import-month-column-outside = sarake '{ $column }' on projektin kuukausien ulkopuolella (1–{ $duration })
import-unknown-task = tuntematon tehtävä ”{ $task }”
import-unknown-organisation = tuntematon organisaatio ”{ $org }”
import-unknown-work-package = tuntematon työpaketti { $wp }
import-unknown-employee-group = tuntematon henkilöstöryhmä ”{ $group }” (ei välilehdellä '{ $sheet }')
import-unknown-person = tuntematon henkilö ”{ $person }” (ei välilehdellä '{ $sheet }')
import-unknown-leave-type = tuntematon poissaolon laji ”{ $kind }”
import-unknown-project = tuntematon projekti ”{ $project }”
import-unknown-allocation-group = tuntematon resursointiryhmä ”{ $group }” (vaihtoehdot: { $choices })
import-demand-twice = tehtävä { $task } organisaatiolle { $org } on luettelossa kahdesti
import-listed-twice = { $what } on luettelossa kahdesti
import-what-wp = Työpaketti { $number }
import-what-task = tehtävä { $number }
import-text-listed-twice = ”{ $text }” on luettelossa kahdesti
import-group-hours-twice = { $group } alkaen { $from } on luettelossa kahdesti
import-assignment-twice = { $person } projektissa { $project } alkaen { $start } on luettelossa kahdesti
import-number-too-large = { $value } on liian suuri
import-row-empty = { $row } on tyhjä
import-choose-lifecycle = Valitse elinkaaren vaihe. Vaihtoehdot: { $choices }.
import-short-name-invalid = ”{ $short }” saa sisältää vain kirjaimia, numeroita sekä merkkejä '.', '_' ja '-', ja sen on alettava kirjaimella tai numerolla
import-country-invalid = ”{ $country }” ei ole kaksikirjaiminen maatunnus, kuten FI
import-org-role-invalid = ”{ $role }” on oltava POO, Partner tai tyhjä, jos organisaatio on mukana vain ylätason organisaationa
import-parent-cycle = ”{ $org }” olisi oma esi-isänsä (ylätasojen kehä)
import-poo-mismatch = POO-rivillä on ”{ $row }”, mutta Project-välilehdellä on ”{ $poo }”
import-poo-twice = useammalla kuin yhdellä organisaatiolla on rooli POO
import-end-before-start = { $end } on ennen alkukuukautta ({ $start })

## The limits of a workbook (hostile or damaged files)

sheet-limit-file-size = tiedosto on yli { $mb } Mt
sheet-limit-parts = arkistossa on yli { $max } osaa
sheet-limit-uncompressed = tiedoston purettu koko on yli { $mb } Mt
sheet-limit-ratio = osa { $part } on pakattu yli suhteessa { $ratio }:1, mikä on vain zip-pommin tuntomerkki
sheet-limit-declared = osa { $part } purkautuu suuremmaksi kuin arkiston ilmoittama purettu koko
sheet-limit-xml-piece = osassa { $part } on XML-pala (teksti tai tagi), joka on yli { $mb } Mt
sheet-limit-part-unreadable = ei ole luettava taulukkotiedosto: osaa { $part } ei voi lukea: { $detail }
sheet-limit-xml-unreadable = ei ole luettava taulukkotiedosto: sen XML:n määritettä tai lukua ei voi lukea
sheet-limit-reference-unreadable = ei ole luettava taulukkotiedosto: soluviittausta ei voi lukea
sheet-limit-sheets = työkirjassa on yli { $max } välilehteä
sheet-limit-rows = välilehdellä on yli { $max } riviä
sheet-limit-sheet-cells = välilehdellä on yli { $max } solua (laskettuna sarakkeesta A ja ensimmäiseltä täytetyltä riviltä viimeiseen täytettyyn riviin ja sarakkeeseen)
sheet-limit-workbook-cells = välilehdillä on yhteensä yli { $max } solua
sheet-limit-text = soluissa on yhteensä yli { $mb } Mt tekstiä
sheet-limit-cell-chars = solu on yli { $max } merkkiä pitkä
sheet-limit-shared-string-chars = jaettujen merkkijonojen taulukon teksti on yli { $max } merkkiä pitkä
sheet-limit-shared-strings = jaettujen merkkijonojen taulukossa on yli { $max } tekstiä

## The command line (rediflow import-project, import-people, seed-examples)

cli-dry-run-note = (kokeiluajo: mitään ei tallennettu)
cli-lookup-created = luotu { $lookup }
cli-lookup-create = luodaan { $lookup }
cli-problems-found = { $count ->
    [one] 1 virhe löytyi; mitään ei tuotu
   *[other] { $count } virhettä löytyi; mitään ei tuotu
    }
cli-changes-refused = { $count ->
    [one] 1 muutos hylättiin; mitään ei tuotu (lisää --super-admin tehdäksesi sen ylläpitäjänä)
   *[other] { $count } muutosta hylättiin; mitään ei tuotu (lisää --super-admin tehdäksesi ne ylläpitäjänä)
    }
cli-import-rolled-back = tuonti epäonnistui ja peruttiin: { $detail }
cli-total-projects = Yhteensä: { $changes } ({ $files ->
        [one] 1 tiedosto
       *[other] { $files } tiedostoa
    }, { $seconds } s){ $dry ->
        [yes] , kokeiluajo
       *[no] {""}
    }
cli-total-people = Yhteensä: { $changes }{ $dry ->
        [yes] , kokeiluajo
       *[no] {""}
    }
cli-seed-imported = Esimerkit on tuotu.
cli-seed-not-over = Tietokannassa on { $projects ->
        [one] 1 projekti
       *[other] { $projects } projektia
    } ja { $persons ->
        [one] 1 henkilö
       *[other] { $persons } henkilöä
    }: esimerkkejä ei tuoda niiden päälle.
cli-seed-not-checked = { $file }: ei voitu tarkistaa: { $detail }
cli-seed-nothing-changed = Mitään ei muutettu.
cli-seed-nothing-changed-force = Mitään ei muutettu. `make seed FORCE=1` (rediflow seed-examples --force) korvaa ne tiedostojen sisällöllä.
cli-as-in-database = { $file }  { $subject }: kuten tietokannassa
cli-would-change = { $file }  { $subject }: tuonti muuttaisi

## Forms, addresses and downloads: malformed requests (every page)

form-too-large = Lomake on liian suuri.
form-unreadable = Lomaketta ei voitu lukea: { $detail }
form-query-invalid = Osoitteessa on virheellinen parametri: { $detail }
form-too-many-fields = Lomakkeessa on { $fields } kenttää, enemmän kuin hyväksytyt { $max }, joten mitään ei muutettu.
form-field-nul = Kentässä ”{ $field }” on NUL-merkki (\0), jota ei voi tallentaa. Poista se ja yritä uudelleen; mitään ei muutettu.
csrf-refused = Tämä lomake on vanhentunut tai se ei tullut tältä sivustolta, joten mitään ei muutettu. Palaa takaisin, lataa sivu uudelleen ja yritä uudestaan.
paging-not-a-page = ”{ $text }” ei ole sivunumero.
download-unknown-format = Tuntematon muoto ”{ $format }”: käytä muotoa csv tai ods.

## Sign-in refusals (the answer of the sign-in service)

csrf-signin-link-used = Tämä kirjautumislinkki ei ole enää voimassa (sitä on jo käytetty, tai se kuuluu toiselle selaimelle). Kirjaudu uudelleen.
csrf-signin-expired = Kirjautuminen kesti liian kauan ja vanheni. Kirjaudu uudelleen.
csrf-signin-provider-refused = Kirjautumispalvelu ei kirjannut sinua sisään ({ $error }). Jos peruutit, voit kirjautua uudelleen.
csrf-signin-other-issuer = Kirjautumisvastaus tuli toiselta kirjautumispalvelulta, joten sinua ei kirjattu sisään.
csrf-signin-no-code = Kirjautumisvastauksessa ei ole koodia.
csrf-signin-unreachable = Kirjautumispalveluun ei juuri nyt saada yhteyttä. Yritä uudelleen muutaman minuutin kuluttua.
csrf-signin-not-confirmed = Kirjautumispalvelu ei vahvistanut kirjautumistasi. Yritä uudelleen.
csrf-signin-unverified = Kirjautumisvastausta ei voitu varmentaa, joten sinua ei kirjattu sisään. Yritä uudelleen.
csrf-signin-misconfigured = Kirjautumisen asetukset ovat tällä palvelimella virheelliset. Ilmoita asiasta pääkäyttäjälle.
