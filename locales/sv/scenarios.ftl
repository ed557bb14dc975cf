# Preliminärt arbete, planens tre läsningar och vad händer om-scenarier (docs/scenarios.md).
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The readings

reading-confirmed = Endast bekräftat
reading-tentative = Bekräftat + preliminärt
reading-weighted = Viktat med sannolikheten att vinna

## Refusals

policy-no-role = Du har ingen roll i Rediflow: be en administratör om en.
policy-scenario-not-yours = Endast scenariots ägare får ändra det; det är delat med dig för läsning.
scenario-bad-shift = Flytta starten 1–{ $max } månader senare eller tidigare.
scenario-bad-duration = Ange längden i månader mellan 1 och 600.
scenario-bad-scale = Skala behovet med 0–{ $max } %.
scenario-bad-assignment = Ange en allokering på 0–100 % och en slutmånad som inte ligger före startmånaden.
scenario-bad-allocation = Ange 0–5 PM för en månad, eller lämna cellen tom.
scenario-bad-placeholder = Ange PM per månad (mer än 0) och en slutmånad som inte ligger före startmånaden.
team-bad-status = Välj bekräftad eller preliminär (inte ”{ $value }”).
reading-bad = Välj hur planen läses: confirmed, tentative eller weighted (inte ”{ $value }”).

## Readings and tentative work

reading-label = Visa planen som
reading-shown = Siffrorna visas som: { $reading }.
reading-tentative-part = ({ $pm } preliminärt)
reading-chart-tentative = (varav { $pm } pm preliminärt)
reading-chart-key = Preliminärt (streckat)
reading-csv-reading = Läsning
reading-csv-allocated-tentative = Allokerat preliminärt pm
reading-csv-demand-tentative = EST-behov preliminärt pm
reading-csv-risky-months = Månader i riskzonen
reading-bad-list = Det finns ingen lista ”{ $value }” att ladda ner; utelämna den för värmekartan eller be om at-risk.
reading-over-confirmed = Här räknas endast bekräftat arbete.
reading-at-risk-heading = I riskzonen: överallokerade om preliminärt arbete blir av
reading-at-risk-intro = Inte överallokerade av bekräftat arbete, men preliminärt arbete skulle ta dem över 100 % av kapaciteten under de markerade månaderna.
reading-at-risk-none = Preliminärt arbete tar ingen över kapaciteten under dessa månader.
reading-at-risk-more = Visar de { $shown } mest riskutsatta av { $total }; välj en organisation för att se de övriga.
reading-at-risk-month = Överallokerad om preliminärt arbete blir av
reading-probability-field = Sannolikhet att vinna (%)
reading-probability-hint = Tomt: statusens standardvärde ({ $defaults })
reading-probability-default = { $percent } % (statusens standardvärde)
reading-probability-own = { $percent } %
reading-column-probability = Sannolikhet att vinna %
reading-bad-probability = Ange sannolikheten att vinna som ett helt procenttal 0–100 (inte ”{ $value }”), eller lämna tomt för statusens standardvärde.
reading-probability-of = Standardsannolikhet att vinna för { $code } (%)
team-column-status = Status
team-status-confirmed = Bekräftad
team-status-tentative = Preliminär
team-status-tentative-marker = preliminär
team-status-of = Status för { $person }s tilldelning
reading-at-risk-tag = risk
reading-help-heading = Sannolikhet, preliminärt arbete och de tre läsningarna
reading-help-probability = Ett projekt i en pipelinestatus (idé, förslag, inskickat) har en sannolikhet att vinna: sin egen, angiven i projektformuläret, eller livscykelstatusens standardvärde, angivet på sidan Inställningar (idé 10 %, förslag 30 %, inskickat 50 % om inget annat anges).
reading-help-tentative = En tilldelning är bekräftad eller preliminär (dess status på fliken Team). På ett pipelineprojekt är en ny tilldelning preliminär om du inte väljer Bekräftad. Ett pipelineprojekts EST-behov räknas också som preliminärt.
reading-help-readings = Portföljen, personsidorna och Mina allokeringar läser planen på ett av tre sätt: endast bekräftat; bekräftat + preliminärt (allt, standard); eller viktat (preliminärt arbete gånger projektets sannolikhet att vinna). Välj med ”Visa planen som”: ditt val sparas till nästa besök.
reading-help-marks = Preliminära siffror namnges i tabellerna (”0,5 preliminärt”), streckas i portföljens diagram och får egna kolumner i nedladdningar. Överallokering räknar endast bekräftat arbete; en månad där preliminärt arbete skulle ta en person över kapaciteten markeras ”risk” och listas separat i portföljen.
