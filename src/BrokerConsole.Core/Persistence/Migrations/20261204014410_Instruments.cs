using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BrokerConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Instruments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InstrumentRefreshes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Instruments = table.Column<int>(type: "INTEGER", nullable: false),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstrumentRefreshes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Instruments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Exchange = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ExchangeToken = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Underlying = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Isin = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Expiry = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Strike = table.Column<decimal>(type: "TEXT", nullable: false),
                    LotSize = table.Column<int>(type: "INTEGER", nullable: false),
                    TickSize = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Instruments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BrokerInstruments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    InstrumentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Broker = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TradingSymbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrderExchange = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OrderSymbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerInstruments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BrokerInstruments_Instruments_InstrumentId",
                        column: x => x.InstrumentId,
                        principalTable: "Instruments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerInstruments_Broker_TradingSymbol",
                table: "BrokerInstruments",
                columns: new[] { "Broker", "TradingSymbol" });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerInstruments_InstrumentId",
                table: "BrokerInstruments",
                column: "InstrumentId");

            migrationBuilder.CreateIndex(
                name: "IX_Instruments_Exchange_ExchangeToken",
                table: "Instruments",
                columns: new[] { "Exchange", "ExchangeToken" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Instruments_Exchange_Symbol",
                table: "Instruments",
                columns: new[] { "Exchange", "Symbol" });

            migrationBuilder.CreateIndex(
                name: "IX_Instruments_Isin",
                table: "Instruments",
                column: "Isin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BrokerInstruments");

            migrationBuilder.DropTable(
                name: "InstrumentRefreshes");

            migrationBuilder.DropTable(
                name: "Instruments");
        }
    }
}
