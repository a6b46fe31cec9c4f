// Entry of the demo portal bundle: the widgets plus the portal shell.
import '../index.js';
import './portal-app.js';
