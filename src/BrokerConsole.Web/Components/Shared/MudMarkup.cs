using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BrokerConsole.Web.Components.Shared;

/// <summary>
/// MudBlazor's markup for the few pieces a list repeats per row, written out instead of rendered by MudBlazor components.
/// Why: every Mud component is a component instance with two render-tree buffers and an attribute dictionary, and a
/// card built from MudCard, MudText, MudChip and MudIconButtons was about twenty of them; an Accounts page of 50 cards
/// held 1,000 per open tab (9 MiB, issue 18 §4). The classes are MudBlazor's own, so the theme, dark mode and
/// hover states apply unchanged. Only for elements with no MudBlazor behaviour beyond their looks.
/// </summary>
public static class MudMarkup
{
    /// <summary>
    /// A small SVG icon as MudIcon draws it. <paramref name="svgPaths"/> must be one of MudBlazor's
    /// <see cref="Icons"/> constants (trusted markup from code, never user input).
    /// </summary>
    public static MarkupString SmallIcon(string svgPaths, string? extraClass = null) => new(_smallIcons.GetOrAdd((svgPaths, extraClass), static key => string.Create(
        CultureInfo.InvariantCulture,
        $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-small{(key.ExtraClass is null ? "" : " " + key.ExtraClass)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{key.Paths}</svg>")));

    // One string per icon for the whole process: the render tree keeps a reference to it, not a copy per card and tab.
    // Bounded by the icons the code names (constants), never by data.
    private static readonly ConcurrentDictionary<(string Paths, string? ExtraClass), string> _smallIcons = new();

    /// <summary>The class list of a small MudIconButton in <paramref name="color"/>.</summary>
    public static string IconButtonClass(Color color) => color == Color.Default
        ? "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small"
        : $"mud-button-root mud-icon-button mud-{Name(color)}-text hover:mud-{Name(color)}-hover mud-ripple mud-ripple-icon mud-icon-button-size-small";

    /// <summary>The class list of a small primary MudButton, filled or outlined.</summary>
    public static string PrimaryButtonClass(bool filled)
    {
        var variant = filled ? "filled" : "outlined";
        return $"mud-button-root mud-button mud-button-{variant} mud-button-{variant}-primary mud-button-{variant}-size-small mud-ripple";
    }

    /// <summary>MudBlazor's CSS name of a palette colour (<c>mud-chip-color-success</c>, <c>mud-error-text</c>).</summary>
    public static string Name(Color color) => color.ToString().ToLowerInvariant();
}
