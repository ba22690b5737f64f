/*
 * 住所の入力補助 on the registry's forms (住民記録システム標準仕様書 §1.3.3, §4.0.6, §4.0.7,
 * §4.1.3.0.2). Without this file every box is typed as before; with it:
 * - next to each 住所 box ([data-jt-address]) and 本籍 box ([data-jt-dictionary]) a 住所辞書 search (住所カナの頭文字「ト ヒ シ」 or
 *   郵便番号) and a pick list 都道府県→市区町村→大字→小字 write the chosen 住所 (and 郵便番号)
 *   into the box, which she may still edit;
 * - the 方書 box ([data-jt-buildings]) offers the 方書 of the master for the 住所 typed (never
 *   the other way round);
 * - each 本籍 box ([data-jt-domicile]) offers the form's 住所, 転入前住所 and the 本籍 typed for
 *   the other people.
 */
(function () {
  "use strict";

  var lgCode = window.location.pathname.split("/")[1];
  var api = "/api/v1/" + lgCode + "/registry/addresses";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // One request per URL per page: the pick lists of every box share the 都道府県 and
  // 市区町村 they load, and the API's rate limit stays far away.
  var cache = {};

  function getJson(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
        function (response) {
          if (!response.ok) {
            delete cache[url];
            return { items: [] };
          }
          return response.json();
        }
      );
    }
    return cache[url];
  }

  function fillSelect(select, items, placeholder) {
    select.textContent = "";
    select.appendChild(el("option", { value: "" }, placeholder));
    items.forEach(function (item) {
      var option = el("option", { value: item.value }, item.label);
      select.appendChild(option);
    });
  }

  function setAddress(input, text, postalCode) {
    input.value = text;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    // Only a 住所 has its 郵便番号 on the form; a 本籍 picked from the dictionary has none.
    var postal =
      input.hasAttribute("data-jt-address") && input.form && input.form.querySelector("[data-jt-postal]");
    if (postal && postalCode && !postal.value) {
      postal.value = postalCode;
    }
  }

  function searchWidget(input, id) {
    var box = el("div", { class: "jt-address-aid", role: "group", "aria-label": "住所辞書" });
    var search = el("input", { type: "search", id: id + "-q", class: "jt-input--short", autocomplete: "off" });
    var label = el("label", { for: id + "-q", class: "jt-field__label" }, "住所辞書で探す（カナの頭文字「ト ヒ シ」か郵便番号）");
    var results = el("select", { id: id + "-hits", "aria-label": "住所辞書の候補" });
    fillSelect(results, [], "候補を選ぶ");
    search.addEventListener("change", function () {
      var q = search.value.trim();
      var param = /^[0-9０-９〒\-－]{7,9}$/.test(q) ? "postal_code=" : "kana=";
      getJson(api + "/search?" + param + encodeURIComponent(q)).then(function (data) {
        fillSelect(
          results,
          data.items.map(function (a) {
            return { value: a.text + "\t" + a.postal_code, label: a.text + (a.valid_to ? "（旧）" : "") };
          }),
          data.items.length + "件の候補から選ぶ"
        );
      });
    });
    results.addEventListener("change", function () {
      if (results.value) {
        var parts = results.value.split("\t");
        setAddress(input, parts[0], parts[1]);
      }
    });
    box.appendChild(label);
    box.appendChild(search);
    box.appendChild(results);
    return box;
  }

  var LEVELS = [
    ["prefecture", "都道府県"],
    ["city", "市区町村"],
    ["oaza", "大字・町"],
    ["koaza", "丁目・小字"],
  ];

  function pickWidget(input, id) {
    var box = el("div", { class: "jt-address-aid", role: "group", "aria-label": "一覧から選ぶ" });
    var selects = LEVELS.map(function (level) {
      var select = el("select", { id: id + "-" + level[0], "aria-label": level[1] });
      fillSelect(select, [], level[1]);
      box.appendChild(select);
      return select;
    });
    function chosen() {
      return selects.map(function (select) {
        return select.selectedIndex > 0 ? select.options[select.selectedIndex] : null;
      });
    }
    function load(index) {
      var picked = chosen();
      var params = ["prefecture", "city", "oaza"].slice(0, index).map(function (name, i) {
        return name + "=" + encodeURIComponent(picked[i].value);
      });
      getJson(api + "/pick?" + params.join("&")).then(function (data) {
        fillSelect(selects[index], data.items, LEVELS[index][1]);
      });
    }
    selects.forEach(function (select, index) {
      select.addEventListener("change", function () {
        for (var later = index + 1; later < selects.length; later += 1) {
          fillSelect(selects[later], [], LEVELS[later][1]);
        }
        var picked = chosen();
        var text = picked
          .slice(0, index + 1)
          .filter(function (option, i) {
            return option && !(i === 3 && picked[2] && option.textContent === picked[2].textContent);
          })
          .map(function (option) {
            return option.textContent;
          })
          .join("");
        if (picked[index]) {
          setAddress(input, text, "");
          if (index + 1 < selects.length) {
            load(index + 1);
          }
        }
      });
    });
    load(0);
    return box;
  }

  function datalist(id) {
    var list = document.getElementById(id);
    if (!list) {
      list = el("datalist", { id: id });
      document.body.appendChild(list);
    }
    return list;
  }

  function offer(list, options) {
    list.textContent = "";
    var seen = {};
    options.forEach(function (option) {
      if (option.value && !seen[option.value]) {
        seen[option.value] = true;
        list.appendChild(el("option", { value: option.value, label: option.label }));
      }
    });
  }

  // Answers may come back out of order: only the one for the latest 住所 fills the list.
  var buildingsAsked = 0;

  function offerBuildings(form) {
    var address = form.querySelector("[data-jt-address]");
    var building = form.querySelector("[data-jt-buildings]");
    if (!address || !building || !address.value.trim()) {
      return;
    }
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var asked = (buildingsAsked += 1);
    fetch(api + "/buildings", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify({ address: address.value.trim() }),
    })
      .then(function (response) {
        return response.ok ? response.json() : { items: [] };
      })
      .then(function (data) {
        if (asked !== buildingsAsked) {
          return;
        }
        building.setAttribute("list", "jt-buildings");
        offer(
          datalist("jt-buildings"),
          data.items.map(function (b) {
            return { value: b.name, label: "方書：" + b.name };
          })
        );
      });
  }

  function offerDomiciles(form) {
    var options = [];
    form.querySelectorAll("[data-jt-domicile-source]").forEach(function (input) {
      options.push({ value: input.value.trim(), label: input.getAttribute("data-jt-domicile-source") });
    });
    form.querySelectorAll("[data-jt-domicile]").forEach(function (input, index) {
      options.push({ value: input.value.trim(), label: index === 0 ? "世帯主の本籍" : "世帯員の本籍" });
    });
    offer(datalist("jt-domiciles"), options);
  }

  document.querySelectorAll("input[data-jt-address], input[data-jt-dictionary]").forEach(function (input, index) {
    var id = "jt-address-aid-" + index;
    var field = input.closest(".jt-field") || input.parentNode;
    field.appendChild(searchWidget(input, id));
    field.appendChild(pickWidget(input, id + "-pick"));
  });
  document.querySelectorAll("input[data-jt-domicile]").forEach(function (input) {
    input.setAttribute("list", "jt-domiciles");
    input.addEventListener("focus", function () {
      offerDomiciles(input.form);
    });
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-jt-address]") && event.target.form) {
      offerBuildings(event.target.form);
      offerDomiciles(event.target.form);
    }
  });
  document.querySelectorAll("form").forEach(function (form) {
    offerBuildings(form);
  });
})();
