DROP TABLE creator_settings;
