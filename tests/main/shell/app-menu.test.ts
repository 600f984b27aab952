import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { UiCommandSchema } from '../../../src/shared/contract/events';
import { buildAppMenuTemplate, type MenuCommand } from '../../../src/main/shell/app-menu';

function build(over: Partial<{ isMac: boolean; isDev: boolean }> = {}) {
  const send = vi.fn<(command: MenuCommand) => void>();
  const template = buildAppMenuTemplate({ isMac: false, isDev: false, appName: 'Container Kit', send, ...over });
  return { template, send };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const byLabel = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);
const roles = (items: MenuItemConstructorOptions[]) =>
  flatten(items)
    .map((i) => i.role)
    .filter(Boolean);
const containerItems = (template: MenuItemConstructorOptions[]) => byLabel(template, 'Container')!.submenu as MenuItemConstructorOptions[];

const VARIANTS = [
  { isMac: false, isDev: false },
  { isMac: false, isDev: true },
  { isMac: true, isDev: false },
  { isMac: true, isDev: true },
];

describe('buildAppMenuTemplate', () => {
  it('has the container menu with the agreed labels, accelerators and a separator', () => {
    const items = containerItems(build().template);
    expect(items.map((i) => (i.type === 'separator' ? '---' : `${i.label} ${i.accelerator}`))).toEqual([
      'New Container… CmdOrCtrl+N',
      '---',
      'Start CmdOrCtrl+Shift+S',
      'Stop CmdOrCtrl+Shift+X',
      'Restart CmdOrCtrl+Shift+R',
      'Remove… CmdOrCtrl+Backspace',
      '---',
      'Refresh CmdOrCtrl+R',
      'Find… CmdOrCtrl+F',
      'Running Only CmdOrCtrl+Shift+E',
      '---',
      'Troubleshoot… CmdOrCtrl+T',
    ]);
  });

  it('sends the right ui.command for each container item', () => {
    const { template, send } = build();
    const expected: Record<string, MenuCommand> = {
      'New Container…': 'containers.new',
      Start: 'container.start',
      Stop: 'container.stop',
      Restart: 'container.restart',
      'Remove…': 'container.remove',
      Refresh: 'containers.refresh',
      'Find…': 'containers.focusSearch',
      'Running Only': 'containers.toggleRunningOnly',
      'Troubleshoot…': 'container.troubleshoot',
    };
    for (const item of containerItems(template).filter((i) => i.type !== 'separator')) {
      send.mockClear();
      (item.click as () => void)();
      expect(send).toHaveBeenCalledExactlyOnceWith(expected[item.label!]);
    }
  });

  it('covers every ui.command of the contract, each with a valid payload', () => {
    const { template, send } = build();
    flatten(template).forEach((i) => (i.click as (() => void) | undefined)?.());
    const sent = send.mock.calls.map(([c]) => c);
    // `container.open` names a container (a tray or notification click), so no menu item sends it.
    const menuCommands = UiCommandSchema.shape.command.options.filter((c) => c !== 'container.open');
    expect(new Set(sent)).toEqual(new Set(menuCommands));
    for (const command of sent) expect(UiCommandSchema.safeParse({ command }).success).toBe(true);
  });

  it('has Firewall under View', () => {
    const { template, send } = build();
    const firewall = (byLabel(template, 'View')!.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Firewall')!;
    (firewall.click as () => void)();
    expect(send).toHaveBeenCalledExactlyOnceWith('view.firewall');
  });

  it.each(VARIANTS)('has no duplicate accelerators (%j)', (variant) => {
    const accelerators = flatten(build(variant).template)
      .map((i) => i.accelerator)
      .filter((a): a is string => typeof a === 'string')
      .map((a) => a.toLowerCase().split('+').sort().join('+'));
    expect(accelerators.length).toBeGreaterThan(0);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('keeps reload and developer tools out of production builds', () => {
    for (const isMac of [false, true]) {
      const r = roles(build({ isMac, isDev: false }).template);
      expect(r).not.toContain('reload');
      expect(r).not.toContain('forceReload');
      expect(r).not.toContain('toggleDevTools');
      expect(r).not.toContain('viewMenu');
    }
  });

  it('offers reload and developer tools in development, moved off the container shortcuts', () => {
    const all = flatten(build({ isDev: true }).template);
    expect(all.find((i) => i.role === 'reload')?.accelerator).toBe('F5');
    expect(all.find((i) => i.role === 'forceReload')?.accelerator).toBe('Shift+F5');
    expect(all.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('uses the app menu on macOS and an About item under Help elsewhere', () => {
    const mac = build({ isMac: true }).template;
    expect(mac[0]).toMatchObject({ role: 'appMenu', label: 'Container Kit' });
    expect(roles(mac)).not.toContain('help');
    const other = build({ isMac: false }).template;
    expect(roles(other)).not.toContain('appMenu');
    const help = other.find((i) => i.role === 'help')!;
    expect(help.submenu).toEqual([{ role: 'about', label: 'About Container Kit' }]);
  });

  it.each(VARIANTS)('has the standard menus in order (%j)', (variant) => {
    const top = build(variant).template.map((i) => i.role ?? i.label);
    const expected = ['fileMenu', 'editMenu', 'View', 'Container', 'windowMenu'];
    expect(top).toEqual(variant.isMac ? ['appMenu', ...expected] : [...expected, 'help']);
  });
});
