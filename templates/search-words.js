// The names and places the site holds, [[key, spelling], ...]: a search that finds nothing suggests the nearest.
window.PPDB_WORDS = {{ words|tojson }};
