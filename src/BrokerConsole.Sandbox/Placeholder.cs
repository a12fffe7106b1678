namespace BrokerConsole.Sandbox; public static class Placeholder { }
