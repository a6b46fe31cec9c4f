// Entry of the demo portal bundle: the widgets plus the portal shell.
import '../tutorgraph.js';
import './portal-app.js';
