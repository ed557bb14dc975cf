update user_settings set locale = 'en' where locale is null;
alter table user_settings alter column locale set default 'en';
alter table user_settings alter column locale set not null;
