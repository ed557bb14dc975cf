# Planning: the capacity grid (PROJPLAN, EST, ACTUAL), role demand, the team tab and its staffing, the Policy's refusals, month and decimal input errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The capacity grid (/projects/{id}/capacity)

grid-page-title = { $code }: kapasiteetti
grid-heading = { $code } — { $name }: kapasiteettitarve
grid-series = Sarja
grid-unit-hours = Tunnit
series-projplan-description = sopimuksen mukainen suunnitelma
series-est-description = nykyinen arvio
series-actual-description = kirjattu työ
grid-series-is = { $series } on { $description }.
grid-hours-explained = Tunnit ovat htkk × kuukauden jakaja (projektin tuntihinta, projektin oletus, järjestelmän tuntimäärä tai palvelimen oletus).
grid-pm-explained = Arvot ovat henkilötyökuukausia (htkk).
grid-read-only = Vain luku: { $reason }
grid-hours-read-only = Tunnit näytetään vain luettaviksi; vaihda htkk-näkymään muokataksesi.
grid-nothing-saved-heading = Mitään ei tallennettu
grid-chart-label = PROJPLAN, EST ja ACTUAL kuukausittain
grid-chart-pm = yhteensä kuukaudessa, htkk
grid-chart-hours = yhteensä kuukaudessa, tuntia
grid-request-capacity = Pyydä kapasiteettia toiselta organisaatiolta
grid-requests-of = Projektin { $code } kapasiteettipyynnöt
grid-caption = { $series } tehtävittäin, organisaatioittain ja kuukausittain
grid-column-wp = TP
grid-column-task = Tehtävä
grid-column-task-name = Tehtävän nimi
grid-column-organisation = Organisaatio
grid-column-month = Kuukausi
grid-wp-header = TP { $number } — { $name }
grid-save = Tallenna muutokset
grid-save-hint = Vain muutetut solut tallennetaan. Tyhjä tarkoittaa nollaa. Harmaat kuukaudet ovat ennen kuluvaa kuukautta ja kuuluvat historiaan: vain pääkäyttäjät voivat muuttaa niitä.
grid-add-row-task = Lisää rivi: tehtävä
grid-add-row-org = organisaatio
grid-add-row = Lisää rivi
grid-add-row-hint = Tallenna muutoksesi ensin: rivin lisääminen lataa taulukon uudelleen.
grid-saved = Tallennettiin { $count } { $count ->
    [one] muutettu solu
   *[other] muutettua solua
    }.
grid-conflict-message = Mitään muutoksistasi ei tallennettu: suunnitelma muuttui sen jälkeen, kun avasit sen. Vertaa arvoja, avaa sitten uusin suunnitelma ja tee muutoksesi uudelleen.
grid-conflict-latest = Avaa uusin { $series }-suunnitelma
series-unknown = Tuntematon sarja ”{ $series }”: käytä PROJPLAN, EST tai ACTUAL.
series-missing = Lomake ei kerro sarjaa.
grid-no-version = Lomakkeessa ei ole projektin versiota.
grid-unknown-row = Lomake viittaa tehtävään tai organisaatioon, joka ei kuulu tähän projektiin.
grid-month-outside = Kuukausi { $month } on projektin ulkopuolella.
grid-nothing-saved = Mitään ei tallennettu.
# A refused cell: its name, then why ("Task 1.1 / ORG, M3: "abc" is not a number").
grid-cell-refused = { $cell }: { $reason }
grid-cell-name = Tehtävä { $task } / { $org }, M{ $month }

## The conflict page (a save that met someone else's change first)

conflict-you-saw = Näit
conflict-saved-now = Nyt tallennettu
conflict-you-wanted = Halusit
conflict-you-typed = Kirjoitit
conflict-field = Kenttä
conflict-plan-heading = Joku muu tallensi projektin { $code } ensin
conflict-heading = Joku muu ehti muuttaa ensin: { $what }
conflict-edit-message = Mitään muutoksistasi ei tallennettu: { $what } muuttui sen jälkeen, kun avasit lomakkeen. Vertaa arvoja, avaa sitten uusin versio ja tee muutoksesi uudelleen.
conflict-delete-message = Mitään ei poistettu: { $what } muuttui sen jälkeen, kun avasit sivun. Katso uusin versio ennen kuin päätät uudelleen.
conflict-no-version = Lomake ei kerro, minkä version tietueesta se näytti, joten mitään ei muutettu: avaa sivu uudelleen ja tee muutos siellä.
conflict-marked = Merkitty: joku muu muutti tämän sen jälkeen, kun avasit sivun.
conflict-changed = (muutettu)
conflict-yes = kyllä
conflict-no = ei

## Numbers and months typed into grids and forms

input-not-a-number = ”{ $text }” ei ole luku
input-not-a-number-sentence = ”{ $text }” ei ole luku.
input-number-exponent = ”{ $text }” sisältää eksponentin: kirjoita luku numeroin kokonaan
input-number-exponent-sentence = ”{ $text }” sisältää eksponentin: kirjoita luku numeroin kokonaan.
input-number-too-long = yli { $max } merkin pituista lukua ei hyväksytä
input-number-too-long-sentence = Yli { $max } merkin pituista lukua ei hyväksytä.
input-pm-negative = { $text } on negatiivinen: henkilötyökuukausia ei voi olla alle 0
input-pm-too-large = { $text } on liian suuri (enintään { $max } htkk)
input-percent-refused = ”{ $text }” ei ole prosenttiluku väliltä 0–{ $max }.
input-hours-per-pm = Anna tunnit/htkk: yli 0 ja enintään { $max }.
input-hours-per-pm-optional = Anna tunnit/htkk (yli 0 ja enintään { $max }) tai jätä kenttä tyhjäksi.
input-not-a-month = ”{ $text }” ei ole kuukausi: käytä muotoa VVVV-KK.
input-not-a-month-field = ”{ $text }” ei ole kuukausi (VVVV-KK).

## The Policy's refusals

policy-read-only = Sinulla on vain lukuoikeus: pyydä pääkäyttäjältä muokkaajan roolia.
policy-project-locked = Tämä projekti on lukittu; vain pääkäyttäjät voivat muuttaa sitä.
policy-lifecycle-locked = Projektin elinkaaren vaihe on ”{ $state }”, joka lukitsee sen; vain pääkäyttäjät voivat muuttaa sitä.
policy-month-past = { $month } on mennyt kuukausi; vain pääkäyttäjät voivat muuttaa menneitä kuukausia.
policy-months-past = { $months } ovat menneitä kuukausia; vain pääkäyttäjät voivat muuttaa menneitä kuukausia.
policy-month = { $month }
policy-month-span = { $first } – { $last }
policy-month-list = { $before }, { $next }

## The team tab (/projects/{id}/team)

team-page-title = { $code }: tiimi
team-heading = { $code } — { $name }: tiimi
team-tabs = Projekti
team-tab-overview = Yleiskatsaus
team-tab-tasks = Tehtävät
team-tab-capacity = Kapasiteetti
team-tab-team = Tiimi
team-tab-history = Historia
team-hidden-people = Osa resursoinneista kuuluu organisaatioidesi ulkopuolisille henkilöille; ne lasketaan mukaan summiin, mutta nimiä ei näytetä.
team-hidden-person = (henkilö, jota et näe)
team-allocation-heading = Resursointitaulukko
team-unit = Yksikkö
team-hours-explained = Tunnit henkilöittäin ja kuukausittain: htkk × projektin tunnit/htkk henkilön henkilöstöryhmälle (muuten projektin, järjestelmän tai palvelimen tuntimäärä).
team-grid-explained-1 = Htkk henkilöittäin ja kuukausittain. Kuukauden arvo on henkilön kapasiteetti × resursoinnin prosentti, ellei arvoa ole
team-grid-explained-set = asetettu erikseen
team-grid-explained-2 = ; kirjoita arvo asettaaksesi sen, tyhjennä solu laskeaksesi sen taas, 0 jos kuukaudelle ei tule työtä.
team-grid-explained-red = Punaiset
team-grid-explained-3 = kuukaudet: henkilön resursoinnit kaikissa projekteissa ylittävät hänen kapasiteettinsa.
team-showing = Näytetään { $window }.
team-window-label = M{ $first }–M{ $last } ({ $from } – { $to }), koko projekti M1–M{ $total }
team-earlier = ← Aiemmat
team-later = Myöhemmät →
team-window-from = Alkaen
team-window-months-label = kuukautta
team-window-all = kaikki
team-window-months = ”{ $text }” kuukautta: valitse 6, 12, 24 tai kaikki (all).
team-show = Näytä
team-nobody = Projektiin ei ole vielä resursoitu ketään.
team-nobody-add = Projektiin ei ole vielä resursoitu ketään: lisää henkilöitä alla.
team-caption = Resursoidut htkk henkilöittäin ja kuukausittain
team-column-person = Henkilö
team-column-role = Rooli
team-column-percent = Resursointi %
team-column-group = Resursointiryhmä
team-column-group-short = Ryhmä
team-column-start = Alkukuukausi
team-column-start-short = Alku
team-column-end = Loppukuukausi
team-column-end-short = Loppu
team-column-measure = Mittari
team-over-title = Ylivaraus tässä kuussa
team-not-assigned = ei resursoitu
team-save-allocation = Tallenna resursointi
team-save-hint = Vain muutetut solut tallennetaan. Harmaat kuukaudet kuuluvat historiaan: vain pääkäyttäjät voivat muuttaa niitä.
team-balance-heading = Resursointi ja EST-tarve organisaatioittain
team-balance-explained-pm = Projektin tiimin resursoidut htkk ja kapasiteettisuunnitelman EST-tarve organisaatioittain ja kuukausittain.
team-balance-explained-hours = Projektin tiimin resursoidut tunnit ja kapasiteettisuunnitelman EST-tarve organisaatioittain ja kuukausittain.
team-balance-difference-1 = Erotus on resursoitu − tarve:
team-balance-below-zero = alle nollan
team-balance-difference-2 = tarkoittaa, että organisaatio ei ole resursoinut kaikkea suunnittelemaansa.
team-balance-empty = Ei vielä EST-tarvetta eikä resursointeja.
team-measure-allocated = Resursoitu
team-measure-demand = EST-tarve
team-measure-difference = Erotus
# A row of the balance download: "Allocated PM", "EST demand hours".
team-measure-unit = { $measure } ({ $unit })
team-assignments-heading = Resursoinnit
team-assignments-months = Kuukaudet ovat { $first } – { $last }. Jos resursoinnin kuukausia muutetaan, niiden ulkopuolelle jäävät erikseen asetetut arvot poistuvat.
team-no-assignments = Ei resursointeja.
team-find-label = Etsi resursoitavia henkilöitä
team-find-placeholder = Nimi, koodi tai sähköposti
team-find = Etsi
team-find-too-many = Yli { $count } henkilöä: kirjoita osa nimestä, koodista tai sähköpostiosoitteesta valitaksesi resursoitavan.
team-find-first = Näytetään { $count } ensimmäistä osumaa: tarkenna hakua.
team-find-matches = { $count ->
    [one] { $count } henkilö vastaa
   *[other] { $count } henkilöä vastaa
    } hakua ”{ $find }”.
team-role-of = Henkilön { $person } rooli
team-percent-of = Henkilön { $person } resursointi %
team-group-of = Henkilön { $person } resursointiryhmä
team-start-of = Henkilön { $person } alkukuukausi
team-end-of = Henkilön { $person } loppukuukausi
team-save = Tallenna
team-remove = Poista
team-person-to-assign = Resursoitava henkilö
team-find-first-option = Etsi ensin henkilö yllä…
team-choose-person-option = Valitse henkilö…
team-assign = Resursoi
team-assignment-added = Resursointi lisätty.
team-assignment-saved = Resursointi tallennettu.
team-assignment-removed = Resursointi poistettu.
team-unknown-table = Tuntematon taulukko ”{ $table }”: käytä allocation tai balance.
team-unknown-assignment = Lomake viittaa resursointiin, joka ei kuulu tähän projektiin.
# A refused field of the assignment form: "Allocation %: "x" is not a percentage from 0 to 100."
team-field-problem = { $field }: { $problem }
# The problems of one assignment's row: "Ann Lee: Role: choose one of the listed roles."
team-person-problem = { $person }: { $problem }
team-choose-role = valitse jokin luetelluista rooleista.
team-choose-group = valitse kiinteä tai joustava.
team-choose-person = valitse jokin luetelluista henkilöistä.
team-month-outside-project = { $month } on projektin ulkopuolella ({ $first } – { $last }).
team-end-before-start = Loppukuukausi { $end } on ennen alkukuukautta { $start }.
team-month-outside-assignment = M{ $month } on henkilön { $person } resursoinnin kuukausien ulkopuolella.
# A refused cell of the allocation grid: "Ann Lee, M3 (2026-10): "x" is not a number"
team-cell-refused = { $person }, M{ $month } ({ $name }): { $reason }
team-assignment-of = henkilön { $person } resursointi
team-open-latest = Avaa tiimin uusin tilanne
team-derived = laskettu
team-conflict-message = Mitään muutoksistasi ei tallennettu: suunnitelma muuttui sen jälkeen, kun avasit resursointitaulukon. Vertaa arvoja, avaa sitten uusin taulukko ja tee muutoksesi uudelleen.
team-conflict-latest = Avaa uusin resursointitaulukko

## Role demand (/projects/{id}/role-demand)

roledemand-title = Roolitarve
roledemand-project = Projekti
roledemand-explained = Suunniteltu henkilötyövuosiprosentti (FTE %) roolityypeittäin ja kuukausittain (100 % on yksi kokoaikainen henkilö, 250 % kaksi ja puoli).
roledemand-column-role = Roolityyppi
roledemand-save-hint = Kuluvaa kuukautta edeltävät kuukaudet kuuluvat historiaan (vain luku).
roledemand-add-row = Lisää rivi: roolityyppi
roledemand-stale = Joku tallensi tämän projektin sen jälkeen, kun avasit sivun, joten mitään ei tallennettu. Sivulla on nyt uusin suunnitelma: tee muutoksesi uudelleen.
roledemand-unknown-row = Lomake viittaa kuukauteen tai roolityyppiin, jota ei ole.
roledemand-cell-name = { $role }, M{ $month }
api-demand-shape-unknown = Tuntematon muoto ”{ $shape }”: käytä rows tai grid.
api-demand-too-many-cells = Yksi muutos voi koskea enintään { $max } solua: lähetä ne osissa.
api-demand-cell-number = Solu { $number }
api-demand-cell-twice = sama solu kuin solu { $first }; mainitse kukin solu vain kerran.
