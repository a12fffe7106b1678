using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BrokerConsole.Tests.Components.Orders;

/// <summary>Opens a dialog the way the Orders page does (through <see cref="IDialogService"/>) inside the providers the layout renders.</summary>
internal static class DialogHost
{
    public static async Task<(IRenderedComponent<ContainerFragment> Host, IDialogReference Dialog)> ShowAsync<TDialog>(
        BunitContext context, string title, DialogParameters<TDialog> parameters)
        where TDialog : IComponent
    {
        var host = context.Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
        });
        var dialogs = context.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await host.InvokeAsync(async () => reference = await dialogs.ShowAsync<TDialog>(title, parameters));
        return (host, reference!);
    }
}
