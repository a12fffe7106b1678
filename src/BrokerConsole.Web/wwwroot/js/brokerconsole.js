// BrokerConsole browser helpers. Kept tiny: everything with state lives on the server.
window.brokerConsole = window.brokerConsole || {};
