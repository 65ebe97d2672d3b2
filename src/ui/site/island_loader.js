// Loads the wasm bundle when the browser is idle, then hydrates every island on the page,
// outermost first: the page's own copy of what Leptos' HydrationScripts does in islands mode,
// so that the nonce sits only in `nonce` attributes (see island_scripts.rs).
// Called with the bundle's JS module and wasm file URLs.
((js, wasm) => {
  const whenIdle = (run) => ("requestIdleCallback" in window ? requestIdleCallback(run) : run());
  whenIdle(async () => {
    const bundle = await import(js);
    await bundle.default({ module_or_path: wasm });
    bundle.hydrate();
    // An island's server-rendered children are hydrated by the island around them: each
    // <leptos-children> carries the callback that does it, run before an island inside it.
    const childrenOf = [];
    const visit = async (element) => {
      const tag = element.localName;
      if (tag === "leptos-island") {
        const island = bundle[element.dataset.component];
        if (island) {
          const children = childrenOf[childrenOf.length - 1];
          if (children) children();
          await island(element);
        } else {
          console.warn(`no island called ${element.dataset.component} in the bundle`);
        }
      }
      if (tag === "leptos-children") childrenOf.push(element.$$on_hydrate);
      for (const child of element.children) await visit(child);
      if (tag === "leptos-children") childrenOf.pop();
    };
    await visit(document.body);
  });
})
