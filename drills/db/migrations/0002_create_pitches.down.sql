DROP TABLE pitches;
