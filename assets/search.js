// The search page: one accessible interface over two indexes. Online it asks Pagefind; in the
// offline copy, opened from file:// where Pagefind cannot load, it searches window.PPDB_SEARCH.
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
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  var runSoon = debounce(run, 150);
  input.addEventListener("input", function () {
    statusLine.textContent = messages.loading; // at once: the old count no longer applies
    runSoon();
  });
  selects.forEach(function (select) {
    select.addEventListener("change", run);
  });
  // A link may open the search with its query and filters set: ?q=...&status=Imprisoned
  // (the statistics page links each count so). A value the page does not list is ignored.
  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q");
  if (initial) input.value = initial;
  var filtered = false;
  selects.forEach(function (select) {
    var wanted = params.get(select.dataset.filter);
    var listed = Array.prototype.some.call(select.options, function (option) {
      return option.value === wanted;
    });
    if (wanted && listed) {
      select.value = wanted;
      filtered = true;
    }
  });
  if (initial || filtered) run();

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
    if (!query && Object.keys(filters).length === 0) {
      list.replaceChildren();
      statusLine.textContent = "";
      return;
    }
    statusLine.textContent = messages.loading;
    backend.search(query, filters).then(
      function (results) {
        if (ticket === latest) show(results); // an older search must not overwrite a newer one
      },
      function () {
        statusLine.textContent = messages.failed;
      }
    );
  }

  function show(results) {
    var items = results.slice(0, MAX_RESULTS).map(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;
      item.append(link);
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
  }

  // Pagefind's excerpts are HTML with <mark> around matches: keep the marks, treat all else as text.
  function markedText(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var fragment = document.createDocumentFragment();
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.append(mark);
      } else {
        fragment.append(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function absolute(href) {
    return new URL(href, document.baseURI).href;
  }

  // A large site's index comes in several bundles (see SEARCH_SLICE); the first merges the rest.
  function pagefindBackend(moduleUrl, moreBundles) {
    var pagefind = null;
    function loaded() {
      pagefind =
        pagefind ||
        import(moduleUrl).then(function (module) {
          return Promise.all(moreBundles.map(module.mergeIndex)).then(function () {
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
      return loaded()
        .then(function (module) {
          var pagefindFilters = {};
          Object.keys(filters).forEach(function (name) {
            pagefindFilters[name] = [filters[name]];
          });
          return module.search(query || null, { filters: pagefindFilters });
        })
        .then(function (search) {
          return Promise.all(
            search.results.slice(0, MAX_RESULTS).map(function (result) {
              return result.data();
            })
          );
        })
        .then(function (pages) {
          return pages.map(function (page) {
            return {
              url: page.url,
              title: page.meta.title,
              status: page.meta.status || "",
              excerpt: page.excerpt,
              excerptIsHtml: true,
            };
          });
        });
    }
    return { search: search, values: values };
  }

  // index: {filters: [[name, label], ...], entries: [{..., filters: [number, ...]}]}
  function offlineBackend(index) {
    var records = index.entries.map(function (entry) {
      return {
        entry: entry,
        filters: entry.filters.map(function (number) {
          return index.filters[number];
        }),
        names: words([entry.title].concat(entry.names).join(" ")),
        text: words(entry.excerpt),
      };
    });
    function values() {
      var values = {};
      index.filters.forEach(function (pair) {
        (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
      });
      return Promise.resolve(values);
    }
    function search(query, filters) {
      var terms = words(query);
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
          var entry = match.record.entry;
          return { url: entry.url, title: entry.title, status: entry.status, excerpt: entry.excerpt };
        })
      );
    }
    return { search: search, values: values };
  }

  function hasFilters(record, filters) {
    return Object.keys(filters).every(function (name) {
      return record.filters.some(function (pair) {
        return pair[0] === name && pair[1] === filters[name];
      });
    });
  }

  // Every term must start a word; words of the name and its other spellings weigh most.
  function scoreOf(record, terms) {
    var score = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      if (record.names.indexOf(term) >= 0) score += 20;
      else if (startsAny(record.names, term)) score += 10;
      else if (startsAny(record.text, term)) score += 1;
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
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, wait);
    };
  }
})();
