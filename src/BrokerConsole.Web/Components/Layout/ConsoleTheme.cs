using MudBlazor;

namespace BrokerConsole.Web.Components.Layout;

/// <summary>
/// The one theme, with a light and a dark palette. Colours carry meaning and keep it in both palettes:
/// Success (green) = live session, success, Buy, profit; Warning (amber) = expiring soon, connection issue,
/// a run with rejections; Error (red) = expired, error, Sell, loss, destructive actions; Default (grey) = no
/// session. Primary is for the one action a screen wants next (e.g. logging in), never green.
/// </summary>
public static class ConsoleTheme
{
    private static readonly string[] _fontStack =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fbf",
            Secondary = "#5c6bc0",
            Success = "#1b7f3b",
            Warning = "#b36b00",
            Error = "#c62828",
            Info = "#0277bd",
            AppbarBackground = "#16365f",
            Background = "#f5f7fa",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1b2430",
            TextSecondary = "#4a5565",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6ea8ff",
            // Dark text on the light blue: white on it is too faint to read on a filled button.
            PrimaryContrastText = "#0b1a33",
            Secondary = "#9fa8da",
            Success = "#4caf6d",
            Warning = "#f0a030",
            Error = "#ef6461",
            Info = "#4fc3f7",
            AppbarBackground = "#141b26",
            Background = "#10151d",
            Surface = "#18202b",
            DrawerBackground = "#141b26",
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.62)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = _fontStack },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
