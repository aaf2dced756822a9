// serve's live preview: each page reloads after a rebuild, and shows a failed one's problems.
(() => {
  let seen = null;
  const show = (problems, heading) => {
    let box = document.getElementById("ppdb-preview-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("section");
      box.id = "ppdb-preview-problems";
      box.setAttribute("role", "alert");
      Object.assign(box.style, {position: "fixed", inset: "0 0 auto 0", zIndex: "9999",
        maxHeight: "60vh", overflow: "auto", padding: "1rem", background: "#fff3f3",
        color: "#5a0000", borderBottom: "3px solid #a40000", font: "14px/1.4 monospace"});
      document.body.prepend(box);
    }
    const title = document.createElement("strong");
    title.textContent = heading;
    const list = document.createElement("ul");
    for (const problem of problems) {
      const item = document.createElement("li");
      item.textContent = problem;
      list.append(item);
    }
    box.replaceChildren(title, list);
  };
  const look = async () => {
    try {
      const status = await (await fetch("/__ppdb/status", {cache: "no-store"})).json();
      if (seen !== null && status.builds !== seen) { location.reload(); return; }
      seen = status.builds;
      show(status.problems, status.heading);
    } catch (error) { /* serve has stopped; look again later */ }
    setTimeout(look, 700);
  };
  look();
})();
