// Conditional reveals controlled by more than one option ("Yes – a current risk" or "Yes – a historic risk"):
// GOV.UK Frontend's radios and checkboxes show a reveal for one option only. Each option that controls such a
// reveal carries data-app-reveals="<id of the reveal>"; the reveal is shown while any of them is checked.
// Without JavaScript (or without GOV.UK Frontend support) the reveal is always shown, as GOV.UK's are.
const controls = () => document.querySelectorAll("input[data-app-reveals]");

function sync() {
  const shown = new Map();
  controls().forEach((input) => {
    const id = input.getAttribute("data-app-reveals");
    shown.set(id, Boolean(shown.get(id)) || input.checked);
  });
  shown.forEach((isShown, id) => {
    const reveal = document.getElementById(id);
    if (!reveal) {
      return;
    }
    const hiddenClass = reveal.classList.contains("govuk-checkboxes__conditional")
      ? "govuk-checkboxes__conditional--hidden"
      : "govuk-radios__conditional--hidden";
    reveal.classList.toggle(hiddenClass, !isShown);
    controls().forEach((input) => {
      if (input.getAttribute("data-app-reveals") === id) {
        // As GOV.UK Frontend does for a reveal of its own: the option names what it controls and whether it is open.
        input.setAttribute("aria-controls", id);
        input.setAttribute("aria-expanded", String(isShown));
      }
    });
  });
}

if (document.body.classList.contains("govuk-frontend-supported") && controls().length) {
  document.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && (event.target.type === "radio" || event.target.type === "checkbox")) {
      sync();
    }
  });
  window.addEventListener("pageshow", sync);
  sync();
}
