# Tentative work, the three readings of the plan, and what-if scenarios (docs/scenarios.md).
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The readings

reading-confirmed = Confirmed only
reading-tentative = Confirmed + tentative
reading-weighted = Weighted by win probability

## Refusals

policy-no-role = You have no role in Rediflow: ask an administrator for one.
policy-scenario-not-yours = Only the scenario's owner may change it; it is shared with you to read.
scenario-bad-shift = Move the start by 1 to { $max } months, later or earlier.
scenario-bad-duration = Give the duration in months between 1 and 600.
scenario-bad-scale = Scale the demand by 0 to { $max } %.
scenario-bad-assignment = Give an allocation of 0–100 % and an end month that is not before the start month.
scenario-bad-allocation = Give between 0 and 5 PM for one month, or leave the cell empty.
scenario-bad-placeholder = Give the PM per month (more than 0) and an end month that is not before the start month.
team-bad-status = Choose confirmed or tentative (not “{ $value }”).
reading-bad = Choose how to read the plan: confirmed, tentative or weighted (not “{ $value }”).
