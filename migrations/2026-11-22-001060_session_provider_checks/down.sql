alter table sessions
    drop column provider_failing_since,
    drop column provider_check_started_at,
    drop column provider_checked_at,
    drop column provider_grant;
