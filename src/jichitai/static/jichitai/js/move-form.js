/*
 * 転出届: choosing the destination municipality ([data-jt-destination]) writes its 都道府県 and
 * 市区町村 into the 転出先の住所 box when that box is empty or holds only another choice's
 * name, so she types only the rest. Without this file the server adds the same name in front
 * of what she typed (portal/move_out_form.py).
 */
(function () {
  "use strict";

  var ADDRESS_ID = "f-moving_to-address";

  function fullNames(select) {
    return Array.prototype.map.call(select.options, function (option) {
      return option.getAttribute("data-full-name") || "";
    });
  }

  function onDestinationChange(event) {
    var select = event.target.closest("[data-jt-destination]");
    var address = document.getElementById(ADDRESS_ID);
    if (!select || !address) {
      return;
    }
    var chosen = select.options[select.selectedIndex].getAttribute("data-full-name") || "";
    var current = address.value.trim();
    var names = fullNames(select);
    var previous = names.filter(function (name) {
      return name && current.indexOf(name) === 0;
    })[0];
    if (current === "") {
      address.value = chosen;
    } else if (previous) {
      address.value = chosen + current.slice(previous.length);
    }
  }

  document.addEventListener("change", onDestinationChange);
})();
