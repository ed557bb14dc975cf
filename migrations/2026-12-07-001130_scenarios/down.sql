drop table scenario_changes;
drop table scenario_shares;
drop table scenarios;
alter table assignments drop column tentative;
alter table user_settings drop column reading;
alter table projects drop column win_probability;
alter table lifecycle_states drop column win_probability;
