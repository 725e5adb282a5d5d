// The decision form: the bid select matters (and is required) only for an award.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.decide")) {
    const outcome = form.querySelector("select.outcome");
    const bid = form.querySelector(".award-bid");
    const sync = () => {
      const award = outcome.value === "award";
      bid.hidden = !award;
      bid.querySelector("select").required = award;
    };
    outcome.addEventListener("change", sync);
    sync();
  }
});
