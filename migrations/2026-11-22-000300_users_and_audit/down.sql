drop table audit_log;
drop table shared_views;
drop table user_settings;
drop table user_organisations;
drop table users;
