drop table allocation_groups;
drop table dissemination_levels;
drop table deliverable_types;
drop table role_types;
drop table lookup_groups;
drop table lifecycle_states;
drop table organisations;
drop function is_month_start(date);
