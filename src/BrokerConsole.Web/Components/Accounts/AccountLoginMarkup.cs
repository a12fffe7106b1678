using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace BrokerConsole.Web.Components.Accounts;

/// <summary>
/// The one login action of an account, on its card and in the table, as MudButton's markup (see <see cref="MudMarkup"/>).
/// A render fragment rather than a component so that an Accounts page of many cards holds no component per button.
/// A popup login is a plain button carrying its start URL: brokerconsole.js opens the window inside the click, the only
/// moment a popup blocker allows it. Primary colour when the account needs a login (the action the page wants next),
/// outlined when it is live.
/// </summary>
internal static class AccountLoginMarkup
{
    private static readonly MarkupString _startIcon = new(
        $"<span class=\"mud-button-icon-start mud-button-icon-size-small\">{MudMarkup.SmallIcon(Icons.Material.Filled.Login)}</span>");

    public static RenderFragment Button(IBrokerModules brokers, AccountSummary account, AccountStatus status, bool connecting, EventCallback onConnect) => builder =>
    {
        if (AccountLogin.PopupStartUrl(brokers, account) is { } popupUrl)
        {
            OpenButton(builder, MudMarkup.PrimaryButtonClass(status.NeedsLogin), $"Log in to {account.BrokerName} in a popup (Ctrl+Enter on a focused card)");
            builder.AddAttribute(10, "data-connect-url", popupUrl);
            builder.AddAttribute(11, "data-account-id", account.Id.ToString());
            builder.AddAttribute(12, "data-testid", "connect-account");
            Label(builder, _startIcon, LabelOf(status));
        }
        else if (AccountLogin.ConnectsDirectly(brokers, account))
        {
            // No popup: the server logs in with stored credentials (Angel: MPIN + a TOTP it computes; Dhan: the pasted token, or PIN + TOTP).
            OpenButton(builder, MudMarkup.PrimaryButtonClass(status.NeedsLogin), AccountLogin.DirectConnectTitle(brokers, account));
            builder.AddAttribute(20, "onclick", onConnect);
            builder.AddEventStopPropagationAttribute(21, "onclick", true);
            builder.AddAttribute(22, "disabled", connecting);
            builder.AddAttribute(23, "data-action", "connect-direct");
            builder.AddAttribute(24, "data-testid", "connect-account");
            if (connecting)
            {
                builder.OpenElement(30, "span");
                builder.AddAttribute(31, "class", "mud-button-label");
                builder.OpenComponent<MudProgressCircular>(32);
                builder.AddComponentParameter(33, nameof(MudProgressCircular.Size), Size.Small);
                builder.AddComponentParameter(34, nameof(MudProgressCircular.Indeterminate), true);
                builder.AddComponentParameter(35, nameof(MudProgressCircular.Class), "mr-2");
                builder.AddComponentParameter(36, nameof(MudProgressCircular.Style), "width:14px;height:14px");
                builder.CloseComponent();
                builder.AddMarkupContent(37, "<span>Logging in…</span>");
                builder.CloseElement();
            }
            else
            {
                Label(builder, _startIcon, LabelOf(status));
            }
        }
        else
        {
            OpenButton(builder, MudMarkup.PrimaryButtonClass(filled: false), $"Logging in to {account.BrokerName} arrives in a later release.");
            builder.AddAttribute(40, "disabled", true);
            Label(builder, null, "Log in");
        }

        builder.CloseElement();
    };

    private static string LabelOf(AccountStatus status) => status.Kind == AccountStatusKind.NoSession ? "Log in" : "Log in again";

    private static void OpenButton(RenderTreeBuilder builder, string cssClass, string title)
    {
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "type", "button");
        builder.AddAttribute(2, "class", cssClass);
        builder.AddAttribute(3, "title", title);
    }

    private static void Label(RenderTreeBuilder builder, MarkupString? icon, string text)
    {
        builder.OpenElement(50, "span");
        builder.AddAttribute(51, "class", "mud-button-label");
        if (icon is { } markup)
        {
            builder.AddContent(52, markup);
        }

        builder.AddContent(53, text);
        builder.CloseElement();
    }
}
