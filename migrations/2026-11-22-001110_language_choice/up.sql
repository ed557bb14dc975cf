-- The stored locale becomes the user's language (pages and CSV downloads). No value means "no
-- choice": the browser's Accept-Language decides. Until now every row had one, 'en' by default,
-- which steered only CSV downloads: those go back to "no choice", so that saving another
-- preference once does not pin anyone to English pages.
alter table user_settings alter column locale drop not null;
alter table user_settings alter column locale drop default;
update user_settings set locale = null where locale = 'en';
