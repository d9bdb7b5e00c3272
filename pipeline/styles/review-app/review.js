// Keyboard shortcuts of the editor's review: j / k the next / previous card, c confirm the rule's
// reading, o choose the other one (the first other, when there are several). Nothing else is done
// without a click; typing in the correction form is left alone.
(function () {
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var current = Math.max(0, cards.findIndex(function (c) { return "#" + c.id === location.hash; }));
  function go(k) {
    if (!cards.length) return;
    current = Math.min(cards.length - 1, Math.max(0, k));
    cards[current].focus();
    cards[current].scrollIntoView({block: "start"});
  }
  function press(selector) {
    var button = cards.length && cards[current].querySelector(selector);
    if (button) button.click();
  }
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j") go(current + 1);
    else if (ev.key === "k") go(current - 1);
    else if (ev.key === "c") press("button.confirm");
    else if (ev.key === "o") press("button.overturn");
  });
})();
