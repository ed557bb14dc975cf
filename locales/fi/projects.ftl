# The project pages: overview, project form, pipeline, structure tabs (work packages, tasks, milestones, deliverables), data quality; the project domain's field errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.
# Työpaketti lyhennetään TP (ruotsiksi AP); projektikuukaudet kirjoitetaan M1, M12.

## Projektin yleiskatsaus

overview-title = { $code } · Projektit
overview-owner = Vastuuorganisaatio (POO)
overview-edit = Muokkaa
overview-work-packages = Työpaketit
overview-tasks = Tehtävät
overview-milestones = Välitavoitteet
overview-deliverables = Tuotokset
overview-capacity-demand = Kapasiteettitarve
overview-team = Tiimi
overview-role-demand = Roolitarve
overview-history = Muutoshistoria
overview-download-ods = Lataa ODS-tiedostona
overview-locked = Projekti on lukittu.
overview-locked-by-state = Projektin elinkaaren vaihe lukitsee sen.
overview-only-super-admins = Vain ylläpitäjät voivat muuttaa sitä.
overview-runs = Kesto
overview-runs-value = { $start } – { $end } ({ $months } { $months ->
    [one] kuukausi
   *[other] kuukautta
    })
overview-hours-per-pm = Tuntia/htkk
overview-hours-value = { $hours } tuntia/htkk
overview-system-default = järjestelmän oletus

## Tuntia/htkk ajanjaksoittain (yleiskatsauksen tuntimäärät)

rate-heading = Tuntia/htkk ajanjaksoittain
rate-intro = Tähän lisätty tuntimäärä korvaa projektin oletuksen ({ $default }) alkukuukaudestaan seuraavaan tuntimäärään asti. Henkilöstöryhmän tuntimäärä koskee ryhmän henkilöitä ja menee kaikkia koskevien tuntimäärien edelle.
rate-applies-to = Koskee
rate-from = Alkaen
rate-from-month = Alkukuukausi
rate-hours = Tuntia/htkk
rate-everyone = Kaikki
rate-add = Lisää tuntimäärä
rate-month-invalid = Anna kuukausi, josta tuntimäärä on voimassa, muodossa VVVV-KK.
rate-choose-group = Valitse henkilöstöryhmä listalta.
rate-exists = Ryhmällä { $group } on jo tuntimäärä kuukaudesta { $month } alkaen: poista se ensin.
rate-exists-everyone = Kaikkia koskeva tuntimäärä kuukaudesta { $month } alkaen on jo olemassa: poista se ensin.
rate-refused = { $reason } Mitään ei muutettu.
rate-what = projektin { $code } tuntimäärä kuukaudesta { $month } alkaen
rate-open-latest = Avaa ajantasaiset tuntimäärät

## Projektilomake (uusi ja muokkaus) ja sen kenttävirheet

project-edit-heading = Muokkaa projektia { $code }
project-code = Koodi
project-code-hint = Lyhenne, esim. EXAMPLE-P
project-name = Nimi
project-start = Alkukuukausi
project-start-hint = VVVV-KK: kuukausi M1
project-duration = Kesto (kuukautta)
project-hours-per-pm = Tuntia/htkk (projektin oletus)
project-hours-per-pm-hint = Tyhjä: järjestelmän oletus on voimassa
project-description = Kuvaus
project-poo = Vastuuorganisaatio (POO)
project-none-yet = — ei vielä —
project-lifecycle = Elinkaaren vaihe
project-save = Tallenna
project-create = Luo projekti
project-cancel = Peruuta
project-stale = Joku tallensi projektin sen jälkeen, kun avasit lomakkeen, joten mitään ei tallennettu.
project-stale-open = Avaa uusin versio
project-stale-again = ja tee muutoksesi uudelleen.
project-code-empty = Anna projektin koodi (sen lyhenne).
project-code-shape = Käytä kirjaimia, numeroita tai merkkejä '.', '_' ja '-', enintään { $max } merkkiä.
project-code-taken = Koodi { $code } on jo käytössä: valitse toinen.
project-name-empty = Anna projektin nimi.
project-start-invalid = Anna alkukuukausi muodossa VVVV-KK, esim. 2026-01.
project-duration-invalid = Anna kesto kuukausina väliltä 1–{ $max }.
project-choose-organisation = Valitse olemassa oleva organisaatio.
project-own-organisations = Voit sijoittaa projekteja vain omien organisaatioidesi alle.
project-choose-partners = Valitse olemassa olevia organisaatioita.
project-choose-lifecycle = Valitse elinkaaren vaihe.
project-may-not-change = Et voi muuttaa tätä projektia.
project-filter-month = Suodattimen '{ $name }' on oltava kuukausi, esim. 2026-03 (annettu: "{ $value }").
project-filter-organisation = Tuntematon organisaatiosuodatin.
project-unit-unknown = Tuntematon yksikkö "{ $unit }": käytä arvoa pm tai hours.

## Valmisteilla olevat projektit

pipeline-title = Valmisteilla olevat projektit
pipeline-intro = Valmisteluvaiheen projektit, niiden arvioitu työmäärä (EST) ja alkukuukausi.
pipeline-none = Yksikään projekti ei ole valmisteilla.
pipeline-group-summary = ({ $count } { $count ->
    [one] projekti
   *[other] projektia
    }, { $pm } htkk)

## Rakennevälilehdet: työpaketit, tehtävät, välitavoitteet, tuotokset

structure-tabs = Projekti
structure-tab-overview = Yleiskatsaus
structure-tab-capacity = Kapasiteetti
structure-months-note = Kuukaudet ovat projektikuukausia M1–M{ $duration }.
structure-read-only = Vain luku: { $reason }
structure-col-wp = TP
structure-col-number = Numero
structure-col-name = Nimi
structure-col-begin = Alku
structure-col-end = Loppu
structure-col-due = Määräaika
structure-col-type = Laji
structure-col-dissemination = Levitystaso
structure-col-role = Rooli
structure-col-lead = Vetäjä
structure-field-wp = Työpaketti
structure-field-begin = Alkukuukausi
structure-field-end = Loppukuukausi
structure-field-due = Määräaika (kuukausi)
structure-field-lead = Vetäjäorganisaatio
structure-download-lead = Vetäjäorganisaatio
structure-save = Tallenna
structure-delete = Poista
structure-add = Lisää
structure-row-error = { $field }: { $sentence }
structure-month-outside = M{ $month } on projektin kuukausien M1–M{ $duration } ulkopuolella.
structure-end-before-begin = Loppu (M{ $end }) on ennen alkua (M{ $begin }).
structure-begin-missing = Anna ensimmäinen projektikuukausi, esim. 1.
structure-end-missing = Anna viimeinen projektikuukausi, esim. 12.
structure-due-missing = Anna määräajan projektikuukausi, esim. 12.
structure-choose-wp = Valitse työpaketti.
structure-choose-from-list = Valitse jokin listan vaihtoehdoista.

wp-title = työpaketit
wp-what = projektin { $code } työpaketti { $number }
wp-open-latest = Avaa ajantasaiset työpaketit
wp-label = TP { $number } { $name }
wp-task-count = { $count } { $count ->
    [one] tehtävä
   *[other] tehtävää
    }
wp-number-invalid = Anna työpaketin numero väliltä 1–999.
wp-number-taken = Projektissa on jo työpaketti { $number }.
wp-name-empty = Anna työpaketin nimi.
wp-has-tasks = Työpaketissa { $number } on vielä { $count } { $count ->
    [one] tehtävä
   *[other] tehtävää
    }: poista tai siirrä ne ensin.

task-title = tehtävät
task-what = projektin { $code } tehtävä { $number }
task-open-latest = Avaa ajantasaiset tehtävät
task-demand-cells = { $count } { $count ->
    [one] tarvesolu
   *[other] tarvesolua
    }
task-number-invalid = Numeroi tehtävä muodossa <TP>.<n> työpaketin { $wp } sisällä, esim. { $wp }.1.
task-number-taken = Projektissa on jo tehtävä { $number }.
task-name-empty = Anna tehtävän nimi.

milestone-title = välitavoitteet
milestone-what = projektin { $code } välitavoite { $number }
milestone-open-latest = Avaa ajantasaiset välitavoitteet
milestone-number-invalid = Numeroi välitavoite muodossa MS<n>, esim. MS3.
milestone-number-taken = Projektissa on jo välitavoite { $number }.
milestone-name-empty = Anna välitavoitteen nimi.
milestone-choose-wp = Valitse jokin tämän projektin työpaketeista tai jätä valitsematta.

deliverable-title = tuotokset
deliverable-what = projektin { $code } tuotos { $number }
deliverable-open-latest = Avaa ajantasaiset tuotokset
deliverable-number-invalid = Numeroi tuotos muodossa D<TP>.<n> työpaketin { $wp } sisällä, esim. D{ $wp }.1.
deliverable-number-taken = Projektissa on jo tuotos { $number }.
deliverable-name-empty = Anna tuotoksen nimi.

## Tietojen laatu (oma sivu, yleiskatsauksen osio ja sääntöjen lauseet)

quality-title = Tietojen laatu
quality-none = Ongelmia ei löytynyt.
quality-none-visible = Näkyvissäsi olevista projekteista ei löytynyt ongelmia.
quality-count = Näkyvissäsi olevissa projekteissa on { $count } { $count ->
    [one] ongelma
   *[other] ongelmaa
    }.
quality-project = Projekti
quality-problem = Ongelma
quality-fix = Korjaa
quality-no-poo = Projektilla ei ole vastuuorganisaatiota (POO).
quality-no-lifecycle = Projektilla ei ole elinkaaren vaihetta.
quality-wp-outside = Työpaketti { $number } (M{ $begin }–M{ $end }) ulottuu projektin kuukausien M1–M{ $duration } ulkopuolelle.
quality-wp-no-tasks = Työpaketissa { $number } ei ole tehtäviä.
quality-task-outside = Tehtävä { $number } (M{ $begin }–M{ $end }) ulottuu projektin kuukausien M1–M{ $duration } ulkopuolelle.
quality-milestone-outside = Välitavoitteen { $number } määräaika M{ $due } on projektin kuukausien M1–M{ $duration } ulkopuolella.
quality-deliverable-outside = Tuotoksen { $number } määräaika M{ $due } on projektin kuukausien M1–M{ $duration } ulkopuolella.
quality-deliverable-no-type = Tuotokselta { $number } puuttuu laji.
quality-deliverable-no-level = Tuotokselta { $number } puuttuu levitystaso.
quality-demand-outside = Organisaation { $org } { $series }-tarve tehtävälle { $task } kuukaudelle M{ $month } on tehtävän kuukausien M{ $begin }–M{ $end } ulkopuolella.
quality-demand-negative = Organisaation { $org } { $series }-tarve tehtävälle { $task } kuukaudelle M{ $month } on negatiivinen ({ $pm } htkk).
quality-demand-absurd = Organisaation { $org } { $series }-tarve tehtävälle { $task } kuukaudelle M{ $month } on { $pm } htkk: yli { $max } htkk yhdessä kuukaudessa on varmasti kirjoitusvirhe.
