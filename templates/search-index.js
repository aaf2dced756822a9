// Search data for the offline copy: Pagefind cannot load from file://, a classic script can.
window.PPDB_SEARCH = {{ search_index(entries)|tojson }};
