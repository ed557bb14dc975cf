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

## Readings and tentative work

reading-label = Näytä suunnitelma
reading-shown = Luvut näytetään: { $reading }.
reading-tentative-part = ({ $pm } alustavaa)
reading-chart-tentative = (josta { $pm } htkk alustavaa)
reading-chart-key = Alustava (viivoitettu)
reading-csv-reading = Näkymä
reading-csv-allocated-tentative = Resursoitu alustava htkk
reading-csv-demand-tentative = EST-tarve alustava htkk
reading-csv-risky-months = Riskikuukaudet
reading-bad-list = Ladattavaa listaa ”{ $value }” ei ole; jätä se pois lämpökarttaa varten tai pyydä at-risk.
reading-over-confirmed = Tässä lasketaan vain vahvistettu työ.
reading-at-risk-heading = Riskissä: ylikuormitettu, jos alustava työ toteutuu
reading-at-risk-intro = Vahvistettu työ ei ylikuormita, mutta alustava työ veisi yli 100 %:n kapasiteetista merkittyinä kuukausina.
reading-at-risk-none = Alustava työ ei vie ketään yli kapasiteetin näinä kuukausina.
reading-at-risk-more = Näytetään { $shown } eniten riskissä olevaa { $total }:stä; valitse organisaatio nähdäksesi muut.
reading-at-risk-month = Ylikuormitettu, jos alustava työ toteutuu
reading-probability-field = Voittotodennäköisyys (%)
reading-probability-hint = Tyhjä: tilan oletus ({ $defaults })
reading-probability-default = { $percent } % (tilan oletus)
reading-probability-own = { $percent } %
reading-column-probability = Voittotodennäköisyys %
reading-bad-probability = Anna voittotodennäköisyys kokonaisina prosentteina 0–100 (ei ”{ $value }”) tai jätä tyhjäksi, jolloin käytetään tilan oletusta.
reading-probability-of = Tilan { $code } oletusvoittotodennäköisyys (%)
team-column-status = Tila
team-status-confirmed = Vahvistettu
team-status-tentative = Alustava
team-status-tentative-marker = alustava
team-status-of = Henkilön { $person } resursoinnin tila
reading-at-risk-tag = riski
reading-help-heading = Todennäköisyys, alustava työ ja kolme näkymää
reading-help-probability = Myyntiputken tilassa (idea, ehdotus, jätetty) olevalla projektilla on voittotodennäköisyys: oma, projektilomakkeella asetettu, tai elinkaaritilan oletus, joka asetetaan Asetukset-sivulla (idea 10 %, ehdotus 30 %, jätetty 50 %, ellei muuteta).
reading-help-tentative = Resursointi on vahvistettu tai alustava (sen tila Tiimi-välilehdellä). Myyntiputken projektissa uusi resursointi on alustava, ellei valita Vahvistettu. Myyntiputken projektin EST-tarve lasketaan myös alustavaksi.
reading-help-readings = Salkku, henkilösivut ja Omat resursoinnit näyttävät suunnitelman yhdellä kolmesta tavasta: vain vahvistettu; vahvistettu + alustava (kaikki, oletus); tai painotettu (alustava työ kerrottuna projektin voittotodennäköisyydellä). Valitse ”Näytä suunnitelma” -valinnalla: valintasi muistetaan seuraavalla kerralla.
reading-help-marks = Alustavat luvut nimetään taulukoissa (”0,5 alustavaa”), viivoitetaan salkun kaaviossa ja saavat omat sarakkeensa latauksissa. Ylikuormitus lasketaan vain vahvistetusta työstä; kuukausi, jona alustava työ veisi henkilön yli kapasiteetin, merkitään ”riski” ja luetellaan salkussa erikseen.
