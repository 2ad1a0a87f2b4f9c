// Small conveniences only: every page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // Document view: hovering a marked span lights its boxes on the page image, and back.
  const link = (id, on) => {
    document.querySelectorAll(`[data-evidence="${CSS.escape(id)}"]`).forEach((el) => el.classList.toggle("hover", on));
  };
  document.querySelectorAll("mark[data-evidence]").forEach((mark) => {
    mark.addEventListener("mouseenter", () => link(mark.dataset.evidence, true));
    mark.addEventListener("mouseleave", () => link(mark.dataset.evidence, false));
  });
  // Bring the selected highlight into view in the text column.
  const selected = document.querySelector(".page-text mark.selected");
  const column = document.querySelector(".page-text");
  if (selected && column) column.scrollTop = Math.max(0, selected.offsetTop - column.clientHeight / 2);
  // Scorecard: an override needs points and a reason before it is sent.
  document.querySelectorAll("form.decision-form").forEach((form) => {
    form.addEventListener("submit", (event) => {
      const action = event.submitter ? event.submitter.value : "";
      const points = form.querySelector("[name=points]");
      const reason = form.querySelector("[name=reason]");
      if (action === "override" && (!points.value.trim() || !reason.value.trim())) {
        event.preventDefault();
        form.querySelector("details").open = true;
        (points.value.trim() ? reason : points).focus();
        (points.value.trim() ? reason : points).setCustomValidity(form.dataset.required || "");
        (points.value.trim() ? reason : points).reportValidity();
      }
    });
    form.querySelectorAll("input, textarea").forEach((el) => el.addEventListener("input", () => el.setCustomValidity("")));
  });
});
