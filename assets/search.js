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
  var moreButton = document.getElementById("search-more");
  var current = []; // the results of the search shown, loaded or still to load
  var limit = MAX_RESULTS; // how many of them the list shows
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
  var languageLinks = Array.prototype.slice.call(
    document.querySelectorAll(".languages a[hreflang]")
  );
  // Folded away on phones, so that results show above the keyboard; open where there is room.
  var filtersFold = document.getElementById("search-filters-fold");
  if (filtersFold && window.matchMedia("(min-width: 40em)").matches) filtersFold.open = true;
  var suggestionLine = document.getElementById("search-suggestion");
  var suggestible = null; // the names and places the site holds, loaded when a search finds nothing
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
  // Loading Pagefind takes longer than a search: it starts as the visitor reaches for the box
  // (before typing), not with the page, which a phone on a slow link then shows sooner.
  if (backend.warm) {
    ["focus", "pointerdown"].forEach(function (event) {
      input.addEventListener(event, backend.warm, { once: true });
    });
  }
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
    if (wanted.length && filtersFold) filtersFold.open = true; // the filters the link chose, in view
    ready.then(
      function () {
        wanted.forEach(function (select) {
          choose(select, params.get(select.dataset.filter));
        });
        run();
      },
      function () {
        statusLine.textContent = messages.failed;
      }
    );
  }

  // A link names a value as any language's page does ("imprisoned", "Imprisoned", "В заключении"):
  // the option of that value, else of that label, is chosen.
  function choose(select, wanted) {
    var options = Array.prototype.slice.call(select.options, 1);
    var same = function (a, b) {
      return a.localeCompare(b, undefined, { sensitivity: "base" }) === 0;
    };
    var option =
      options.find(function (o) { return o.value === wanted; }) ||
      options.find(function (o) { return same(o.value, wanted); }) ||
      options.find(function (o) { return same(o.textContent, wanted); });
    select.value = option ? option.value : "";
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
    keepInLanguageLinks(search);
  }

  // The same search in another language: its filter values are the same in every language.
  function keepInLanguageLinks(search) {
    languageLinks.forEach(function (link) {
      var address = new URL(link.href);
      address.search = search;
      link.href = address.href;
    });
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
            option.value = option.textContent = value;
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
      suggestionLine.hidden = true;
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
    current = results;
    limit = MAX_RESULTS;
    render();
    var count = results.length;
    statusLine.textContent =
      count === 0 ? messages.none : count === 1 ? messages.one : messages.many.replace("{count}", count);
    statusLine.dataset.query = query; // which search the list shows (the tests wait for it)
    suggestionLine.hidden = true;
    if (count === 0 && query) suggest(query, latest);
  }

  // The next results, each loaded first where the index gave only its place (Pagefind loads a
  // result's page on demand): a long list is read a page at a time, never cut off.
  function showMore() {
    var ticket = latest;
    var next = current.slice(limit, limit + MAX_RESULTS);
    Promise.all(
      next.map(function (result) {
        return result.load ? result.load() : result;
      })
    ).then(function (loaded) {
      if (ticket !== latest) return; // a newer search replaced the list
      current = current.slice(0, limit).concat(loaded, current.slice(limit + loaded.length));
      limit += MAX_RESULTS;
      render();
    });
  }
  if (moreButton) moreButton.addEventListener("click", showMore);

  function render() {
    var shown = current.slice(0, limit).filter(function (result) {
      return result.url !== undefined; // loaded: one still to load is never among the first
    });
    var items = shown.map(function (result) {
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
    if (moreButton) {
      var left = current.length - limit;
      moreButton.hidden = left <= 0;
      moreButton.textContent = messages.more.replace("{count}", Math.min(left, MAX_RESULTS));
    }
  }

  // "Did you mean Mamai?": the nearest name or place the site holds to each word that none
  // is, by edit distance on folded spellings; from a script loaded the first time it is needed
  // (a script, not a fetch: the offline copy runs from file://).
  function suggest(query, ticket) {
    loadWords().then(function (known) {
      var better = nearestQuery(query, known);
      if (!better || ticket !== latest) return;
      var parts = messages.suggestion.split("{suggestion}");
      var link = document.createElement("a");
      link.href = "?" + new URLSearchParams({ q: better }).toString();
      link.textContent = better;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = better;
        run();
      });
      suggestionLine.replaceChildren(parts[0], link, parts[1] || "");
      suggestionLine.hidden = false;
    });
  }

  function loadWords() {
    suggestible =
      suggestible ||
      new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = form.dataset.words;
        script.onload = function () {
          resolve(wordsByKey(window.PPDB_WORDS || []));
        };
        script.onerror = function () {
          suggestible = null; // try again with the next search
          resolve({});
        };
        document.head.append(script);
      });
    return suggestible;
  }

  // [[key, spelling], ...] -> {key: [spelling, ...]}
  function wordsByKey(pairs) {
    var known = {};
    pairs.forEach(function (pair) {
      (known[pair[0]] = known[pair[0]] || []).push(pair[1]);
    });
    return known;
  }

  // The query with each word that is no name or place the site holds replaced by the nearest
  // that is (at most 1 edit for words of 4 letters, 2 for longer), spelled in the word's own
  // script; null if no word changes.
  function nearestQuery(query, known) {
    var keys = Object.keys(known);
    var changed = false;
    var result = query.split(/\s+/).filter(Boolean).map(function (word) {
      var key = fold(word).join("");
      if (key.length < 3 || !/[a-z]/.test(key) || known[key]) return word;
      var most = key.length <= 4 ? 1 : 2;
      var best = null;
      var bestDistance = most + 1;
      keys.forEach(function (other) {
        if (Math.abs(other.length - key.length) > most) return;
        var distance = editDistance(key, other, bestDistance);
        if (distance < bestDistance) {
          best = other;
          bestDistance = distance;
        }
      });
      if (!best) return word;
      changed = true;
      var cyrillic = /[\u0400-\u04ff]/.test(word);
      var spellings = known[best];
      return (
        spellings.find(function (spelling) {
          return /[\u0400-\u04ff]/.test(spelling) === cyrillic;
        }) || spellings[0]
      );
    });
    return changed ? result.join(" ") : null;
  }

  // Edits (insert, delete, replace, swap two neighbours) from a to b; `above` once it is at
  // least that.
  function editDistance(a, b, above) {
    var before = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var lowest = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var value = Math.min(previous[k] + 1, current[k - 1] + 1, previous[k - 1] + cost);
        if (i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
          value = Math.min(value, before[k - 2] + 1);
        }
        current.push(value);
        lowest = Math.min(lowest, value);
      }
      if (lowest >= above) return above;
      before = previous;
      previous = current;
    }
    return previous[b.length];
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

  // The query's keys: one per word as typed, a hyphenated one folded whole ("Ust-Kamenogorsk":
  // ustkamenogorsk), only words with a letter; as spellings.token_keys makes them.
  function queryKeys(query) {
    return query
      .split(/[\s,.;:!?()"«»\/–—]+/)
      .map(function (word) {
        return fold(word).join("");
      })
      .filter(function (key) {
        return /[a-z]/.test(key);
      });
  }

  // Where a key is in no page, Pagefind matches the longest start of it that is ("qk" for ҚК
  // finds every key starting "q", or "0", every person): a page found by keys is kept only if
  // it has each key, or one starting with it when at least 4 letters are typed.
  function hasKeys(page, keys) {
    var at = page.content.lastIndexOf(folding.excerpt_end);
    var own = at < 0 ? [] : page.content.slice(at + 1).split(/\s+/).filter(Boolean);
    return keys.every(function (key) {
      return own.some(function (word) {
        return word === key || (key.length >= 4 + folding.prefix.length && word.indexOf(key) === 0);
      });
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
        var byNamePages = byName.then(function (search) {
          return Promise.all(
            (search ? search.results : []).slice(0, MAX_RESULTS).map(function (result) {
              return result.data();
            })
          );
        });
        var searches = [byName, byText, byText.then(firstPage), byNamePages];
        return Promise.all(searches).then(function (found) {
          var candidates = found[0] ? found[0].results : [];
          var seen = {};
          var named = found[3].filter(function (page, index) {
            return hasKeys(page, keys) && (seen[candidates[index].id] = true);
          });
          var more = named.length === found[3].length ? candidates.slice(MAX_RESULTS) : [];
          more = more.map(function (result) {
            return later(result, true);
          });
          more.forEach(function (result) {
            seen[result.id] = true;
          });
          var inText = found[2] && typedIn(query, found[2]) ? found[1].results : [];
          var rest = inText.filter(function (result) {
            return !seen[result.id] && (seen[result.id] = true);
          });
          var shownNamed = named.map(function (page) {
            return resultOf(page, true);
          });
          return Promise.all(
            rest.slice(0, Math.max(0, MAX_RESULTS - named.length)).map(function (result) {
              return result.data().then(function (page) {
                return resultOf(page, false);
              });
            })
          ).then(function (fromText) {
            // counted, and loaded when the reader asks for more
            var others = rest.slice(MAX_RESULTS - named.length).map(function (result) {
              return later(result, false);
            });
            return shownNamed.concat(fromText, more, others);
          });
        });
      });
    }
    // A result whose page is loaded only when it is to be shown.
    function later(result, byName) {
      return {
        load: function () {
          return result.data().then(function (page) {
            return resultOf(page, byName);
          });
        },
      };
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
  // finds every "a", "Нурлан" every "Нур"): its results are kept only if the best one has every
  // word typed, give or take an ending of up to a third of a word of 5 letters or more.
  function typedIn(query, page) {
    var text = words(page.content.split(folding.excerpt_end)[0]);
    return words(query).every(function (word) {
      var kept = Math.max(Math.min(word.length, 4), word.length - Math.floor(word.length / 3));
      return startsAny(text, word.slice(0, kept));
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

  // index: {filters: [[name, value, label], ...], kinds: {kind: [{..., filters: [number, ...]}]}},
  // fields left out where empty (a label where it is the value)
  function offlineBackend(index) {
    var records = [];
    Object.keys(index.kinds).forEach(function (kind) {
      index.kinds[kind].forEach(function (entry) {
        records.push(offlineRecord(kind, entry, index.filters));
      });
    });
    function values() {
      var values = {};
      index.filters.forEach(function (filter) {
        (values[filter[0]] = values[filter[0]] || []).push(filter[1]);
      });
      return Promise.resolve(values);
    }
    function search(query, filters) {
      // Each word as typed is folded whole, as the names and places were ("Il'yashev",
      // "Ust-Kamenogorsk"); and so is each part of a hyphenated one: its plain words match
      // text, its keys names and places.
      var terms = query
        .split(/[\s,.;:!?()"«»\/–—]+/)
        .filter(function (term) {
          return words(term).length;
        })
        .map(function (term) {
          return {
            key: fold(term).join(""),
            parts: term
              .split(/-+/)
              .filter(function (part) {
                return words(part).length;
              })
              .map(function (part) {
                return { word: words(part).join(""), key: fold(part).join("") };
              }),
          };
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
      filters.map(function (filter) {
        return filter[2] || filter[1];
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
      return record.filters.some(function (filter) {
        return filter[0] === name && filter[1] === filters[name];
      });
    });
  }

  // Every term must match: a person's name (by its keys, in any spelling) weighs most, then a
  // title, then the places, law articles and cases of a record, then the first words of its text.
  // A word typed whole may be the key of a hyphenated name or place; else each of its parts
  // must match.
  function scoreOf(record, terms) {
    var score = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var found =
        term.key && record.keys.indexOf(term.key) >= 0
          ? 40
          : term.parts.length > 1
            ? scoreOf(record, term.parts.map(asTerm))
            : scoreOfWord(record, term.parts[0]);
      if (!found) return 0;
      score += found;
    }
    return score;
  }

  function asTerm(part) {
    return { key: part.key, parts: [part] };
  }

  // A key needs 4 letters typed to be matched by its start, as online (see hasKeys).
  function scoreOfWord(record, term) {
    if (term.key && record.keys.indexOf(term.key) >= 0) return 40;
    if (term.key.length >= 4 && startsAny(record.keys, term.key)) return 30;
    if (record.names.indexOf(term.word) >= 0) return 20;
    if (startsAny(record.names, term.word)) return 10;
    if (startsAny(record.facts, term.word)) return 5;
    if (startsAny(record.text, term.word)) return 1;
    return 0;
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
