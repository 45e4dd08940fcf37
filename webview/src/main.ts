// The Roofline panel's page. It renders an analysis posted by the extension; until the panel
// lands it only says that it is waiting for one.
const root = document.getElementById('root');
if (root) root.textContent = 'Waiting for an analysis…';
