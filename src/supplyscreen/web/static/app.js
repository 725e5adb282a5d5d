// Show a waiver's approver, expiry and scope only when "Grant a waiver" is chosen.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.review")) {
    const action = form.querySelector("select.action");
    const extra = form.querySelector(".waiver-fields");
    const sync = () => {
      const waive = action.value === "waive";
      extra.hidden = !waive;
      for (const input of extra.querySelectorAll("input")) input.required = waive;
    };
    action.addEventListener("change", sync);
    sync();
  }
});
