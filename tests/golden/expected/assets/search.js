// The search page: one accessible interface over two indexes. Online it asks Pagefind; in the
// offline copy, opened from file:// where Pagefind cannot load, it searches window.PPDB_SEARCH.
// Names are found by any common spelling: the query is folded into search keys by the same
// table (generator/pages/spellings.json) that folded the names when the index was made.
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-query");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var statusLine = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var messages = JSON.parse(form.dataset.messages);
  var folding = JSON.parse(form.dataset.folding);
  var fold = makeFold(folding);
  var backend = window.PPDB_SEARCH
    ? offlineBackend(window.PPDB_SEARCH)
    : pagefindBackend(
        absolute(form.dataset.pagefind),
        JSON.parse(form.dataset.pagefindMore || "[]").map(absolute)
      );
  var latest = 0;
  // Filters whose values grow with the database (cases) are not listed in the page: their
  // values come from the index, once, when the visitor first reaches for them or searches.
  var indexedSelects = selects.filter(function (select) {
    return select.hasAttribute("data-values-from-index");
  });
  var filled = null;
  indexedSelects.forEach(function (select) {
    select.addEventListener("focus", fillFromIndex);
    select.addEventListener("pointerdown", fillFromIndex);
  });

  form.hidden = false;
  if (backend.warm) backend.warm(); // loading Pagefind takes longer than a search: start now
  var runSoon = debounce(run, 150);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    runSoon.cancel();
    run();
  });
  input.addEventListener("input", function () {
    statusLine.textContent = messages.loading; // at once: the old count no longer applies
    if (backend.preload) backend.preload(input.value.trim()); // while the visitor types
    runSoon();
  });
  selects.forEach(function (select) {
    select.addEventListener("change", run);
  });
  restoreFromAddress();

  // A search is shared as a link: ?q=...&status=... (filter values as the page shows them).
  function restoreFromAddress() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var wanted = selects.filter(function (select) {
      return params.get(select.dataset.filter);
    });
    if (!input.value && wanted.length === 0) return;
    var ready = wanted.some(isFromIndex) ? fillFromIndex() : Promise.resolve();
    ready.then(
      function () {
        wanted.forEach(function (select) {
          select.value = params.get(select.dataset.filter);
        });
        run();
      },
      function () {
        statusLine.textContent = messages.failed;
      }
    );
  }

  function isFromIndex(select) {
    return indexedSelects.indexOf(select) >= 0;
  }

  function rememberInAddress(query, filters) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    Object.keys(filters).forEach(function (name) {
      params.set(name, filters[name]);
    });
    var search = params.toString();
    try {
      history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    } catch (error) {
      // some browsers refuse it for file:// pages; the search itself still works
    }
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.dataset.filter] = select.value;
    });
    return filters;
  }

  function fillFromIndex() {
    filled =
      filled ||
      backend.values().then(function (values) {
        indexedSelects.forEach(function (select) {
          (values[select.dataset.filter] || []).sort(naturalOrder).forEach(function (value) {
            var option = document.createElement("option");
            option.textContent = value;
            select.append(option);
          });
        });
      });
    return filled;
  }

  function naturalOrder(a, b) {
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function run() {
    if (indexedSelects.length) fillFromIndex();
    var query = input.value.trim();
    var filters = chosenFilters();
    var ticket = ++latest;
    rememberInAddress(query, filters);
    if (!query && Object.keys(filters).length === 0) {
      list.replaceChildren();
      statusLine.textContent = "";
      statusLine.dataset.query = "";
      return;
    }
    statusLine.textContent = messages.loading;
    backend.search(query, filters).then(
      function (results) {
        if (ticket === latest) show(results, query); // an older search must not overwrite a newer one
      },
      function () {
        statusLine.textContent = messages.failed;
      }
    );
  }

  function show(results, query) {
    var items = results.slice(0, MAX_RESULTS).map(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;
      item.append(link);
      var about = document.createElement("span");
      about.className = "result-kind";
      about.textContent = messages.kind[result.kind] || "";
      item.append(" ", about);
      if (result.status) {
        var status = document.createElement("span");
        status.className = "status";
        status.textContent = result.status;
        item.append(" ", status);
      }
      if (result.excerpt) {
        var excerpt = document.createElement("p");
        excerpt.className = "excerpt";
        excerpt.append(result.excerptIsHtml ? markedText(result.excerpt) : result.excerpt);
        item.append(excerpt);
      }
      return item;
    });
    list.replaceChildren.apply(list, items);
    var count = results.length;
    statusLine.textContent =
      count === 0 ? messages.none : count === 1 ? messages.one : messages.many.replace("{count}", count);
    statusLine.dataset.query = query; // which search the list shows (the tests wait for it)
  }

  // Pagefind's excerpts are HTML with <mark> around matches: keep the marks, treat all else as
  // text, and stop where the page's search keys begin.
  function markedText(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var fragment = document.createDocumentFragment();
    var nodes = Array.prototype.slice.call(parsed.body.firstChild.childNodes);
    for (var i = 0; i < nodes.length; i++) {
      var text = nodes[i].textContent;
      var end = text.indexOf(folding.excerpt_end);
      if (end >= 0) text = text.slice(0, end).trimEnd();
      if (nodes[i].nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = text;
        fragment.append(mark);
      } else {
        fragment.append(document.createTextNode(text));
      }
      if (end >= 0) break;
    }
    return fragment;
  }

  function absolute(href) {
    return new URL(href, document.baseURI).href;
  }

  // The folded words of a text, as spellings.py folds them: "Жанболат Мамай" -> janbolat, mamai.
  function makeFold(table) {
    var steps = table.rules.map(function (rule) {
      return [new RegExp(rule[0], "g"), rule[1]];
    });
    return function (text) {
      var mapped = Array.from(text.toLowerCase(), function (letter) {
        return Object.prototype.hasOwnProperty.call(table.letters, letter) ? table.letters[letter] : letter;
      }).join("");
      var latin = mapped.normalize("NFKD").replace(/[\u0300-\u036f]+/g, "");
      return latin
        .split(/[^a-z0-9]+/)
        .map(function (word) {
          return steps.reduce(function (folded, step) {
            return folded.replace(step[0], step[1]);
          }, word);
        })
        .filter(Boolean);
    };
  }

  // The query's name keys: only words with a letter, as the index has them.
  function queryKeys(query) {
    return fold(query).filter(function (word) {
      return /[a-z]/.test(word);
    });
  }

  // A large site's index comes in several bundles (see SEARCH_SLICE); the first merges the rest.
  // Two searches run: the folded keys find people by their names, in any spelling, and the
  // words as typed find everything else; name matches come first.
  function pagefindBackend(moduleUrl, moreBundles) {
    var pagefind = null;
    function loaded() {
      pagefind =
        pagefind ||
        import(moduleUrl).then(function (module) {
          // Each bundle holds one language's pages: merged in this page's language.
          var language = document.documentElement.lang;
          return Promise.all(
            moreBundles.map(function (url) {
              return module.mergeIndex(url, { language: language });
            })
          )
            .then(function () {
              return module.init(); // the search engine and the index's entry, before a query
            })
            .then(function () {
              return module;
            });
        });
      return pagefind;
    }
    function values() {
      return loaded()
        .then(function (module) {
          return module.filters(); // merged over every bundle: {name: {value: count}}
        })
        .then(function (filters) {
          var values = {};
          Object.keys(filters).forEach(function (name) {
            values[name] = Object.keys(filters[name]);
          });
          return values;
        });
    }
    function search(query, filters) {
      var keys = queryKeys(query).map(function (key) {
        return folding.prefix + key;
      });
      return loaded().then(function (module) {
        var options = { filters: {} };
        Object.keys(filters).forEach(function (name) {
          options.filters[name] = [filters[name]];
        });
        var byName = keys.length ? module.search(keys.join(" "), options) : Promise.resolve(null);
        var byText = module.search(query || null, options);
        return Promise.all([byName, byText, byText.then(firstPage)]).then(function (found) {
          var named = found[0] ? found[0].results : [];
          var inText = found[2] && typedIn(query, found[2]) ? found[1].results : [];
          var seen = {};
          var results = named.concat(inText).filter(function (result) {
            return seen[result.id] ? false : (seen[result.id] = true);
          });
          return Promise.all(
            results.slice(0, MAX_RESULTS).map(function (result, index) {
              return result.data().then(function (page) {
                return resultOf(page, index < named.length);
              });
            })
          ).then(function (shown) {
            return shown.concat(results.slice(MAX_RESULTS)); // counted, never shown
          });
        });
      });
    }
    // The parts of the index a query needs, fetched before it is searched for.
    function preload(query) {
      loaded().then(function (module) {
        var keys = queryKeys(query);
        if (query) module.preload(query);
        if (keys.length) module.preload(folding.prefix + keys.join(" " + folding.prefix));
      });
    }
    return { search: search, values: values, warm: loaded, preload: preload };
  }

  function firstPage(search) {
    return search.results.length ? search.results[0].data() : null;
  }

  // Where a word is in no page, Pagefind matches the longest start of it that is ("Akhmediarov"
  // finds every "a"): its results are kept only if the best one has every word typed, give or
  // take an ending.
  function typedIn(query, page) {
    var text = words(page.content);
    return words(query).every(function (word) {
      return startsAny(text, word.slice(0, Math.max(3, word.length - 3)));
    });
  }

  // A person found by name is shown with the first words of the text, as offline; a page found
  // in its text, with the words around the match.
  function resultOf(page, byName) {
    var summary = byName && page.meta.summary;
    return {
      url: page.url,
      title: page.meta.title,
      kind: page.meta.kind || "",
      status: page.meta.status || "",
      excerpt: summary || page.excerpt,
      excerptIsHtml: !summary,
    };
  }

  // index: {filters: [[name, label], ...], kinds: {kind: [{..., filters: [number, ...]}]}},
  // fields left out where empty
  function offlineBackend(index) {
    var records = [];
    Object.keys(index.kinds).forEach(function (kind) {
      index.kinds[kind].forEach(function (entry) {
        records.push(offlineRecord(kind, entry, index.filters));
      });
    });
    function values() {
      var values = {};
      index.filters.forEach(function (pair) {
        (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
      });
      return Promise.resolve(values);
    }
    function search(query, filters) {
      // Each term as typed is folded whole, as the names were ("Il'yashev", "Şynar"): its
      // plain words match text, its key names.
      var terms = query
        .split(/[\s,.;:!?()"«»\/\-–—]+/)
        .filter(function (term) {
          return words(term).length;
        })
        .map(function (term) {
          return { word: words(term).join(""), key: fold(term).join("") };
        });
      var found = [];
      records.forEach(function (record) {
        if (!hasFilters(record, filters)) return;
        var score = scoreOf(record, terms);
        if (score > 0 || terms.length === 0) found.push({ record: record, score: score });
      });
      found.sort(function (a, b) {
        return b.score - a.score || a.record.entry.title.localeCompare(b.record.entry.title);
      });
      return Promise.resolve(
        found.map(function (match) {
          var record = match.record;
          return {
            url: record.entry.url,
            title: record.entry.title,
            kind: record.kind,
            status: record.entry.status || "",
            excerpt: record.entry.excerpt || "",
          };
        })
      );
    }
    return { search: search, values: values };
  }

  function offlineRecord(kind, entry, allFilters) {
    var filters = (entry.filters || []).map(function (number) {
      return allFilters[number];
    });
    var facts = (entry.places || []).concat(
      filters.map(function (pair) {
        return pair[1];
      })
    );
    return {
      entry: entry,
      kind: kind,
      filters: filters,
      names: words([entry.title].concat(entry.names || []).join(" ")),
      keys: entry.keys ? entry.keys.split(" ") : [],
      facts: words(facts.join(" ")),
      text: words(entry.excerpt),
    };
  }

  function hasFilters(record, filters) {
    return Object.keys(filters).every(function (name) {
      return record.filters.some(function (pair) {
        return pair[0] === name && pair[1] === filters[name];
      });
    });
  }

  // Every term must match: a person's name (by its keys, in any spelling) weighs most, then a
  // title, then the places, law articles and cases of a record, then the first words of its text.
  function scoreOf(record, terms) {
    var score = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      if (term.key && record.keys.indexOf(term.key) >= 0) score += 40;
      else if (term.key && startsAny(record.keys, term.key)) score += 30;
      else if (record.names.indexOf(term.word) >= 0) score += 20;
      else if (startsAny(record.names, term.word)) score += 10;
      else if (startsAny(record.facts, term.word)) score += 5;
      else if (startsAny(record.text, term.word)) score += 1;
      else return 0;
    }
    return score;
  }

  function startsAny(list, term) {
    return list.some(function (word) {
      return word.indexOf(term) === 0;
    });
  }

  // Lowercase, without accents, split into words: "Жанболат Мамай" -> ["жанболат", "мамаи"].
  function words(text) {
    return (text || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  }

  function debounce(fn, wait) {
    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(fn, wait);
    }
    later.cancel = function () {
      clearTimeout(timer);
    };
    return later;
  }
})();
