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
