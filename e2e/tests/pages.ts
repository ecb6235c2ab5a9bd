import { Locator, Page, expect } from '@playwright/test';

// Page objects for the console: one class per resource page, each with the
// steps of the user guide as methods. They find everything by role and
// accessible name, the way a user (and a screen reader) does, so they keep
// working when the markup changes. Copy them into your own scripts.

// ConsolePage is the chrome every page shares: region and project menu,
// user menu, Network Console navigation, messages.
export class ConsolePage {
  constructor(readonly page: Page) {}

  // nav opens a page of the Network Console navigation pane (from the
  // Service List, which has no pane, through Network > Direct Connect).
  async nav(name: string) {
    const pane = this.page.getByRole('navigation', { name: 'Network Console' });
    if (!(await pane.isVisible())) {
      await this.page.getByRole('region', { name: 'Network' }).getByRole('link', { name: 'Direct Connect' }).click();
    }
    await pane.getByRole('link', { name, exact: true }).click();
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
  }

  // selectProject: "Click the region icon in the upper left corner and select a region and a project."
  async selectProject(project: string) {
    await this.page.getByRole('button', { name: /Region and project/ }).click();
    await this.page.getByRole('button', { name: project, exact: true }).click();
    await expect(this.page.getByRole('button', { name: /Region and project/ })).toContainText(project);
  }

  // openUserMenu opens the menu with the administration links, the language and Log Out.
  async openUserMenu() {
    await this.page.getByRole('button', { name: /User menu|Benutzermenü/ }).click();
  }

  async logOut() {
    await this.openUserMenu();
    await this.page.getByRole('button', { name: 'Log Out' }).click();
    await expect(this.page.getByRole('heading', { name: 'Log in to the management console' })).toBeVisible();
  }

  // message is the success (role=status) message containing text.
  message(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  // alert is the error summary of a form that came back with errors.
  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  // row is the table row of a resource, by its exact name; its Operation
  // links are inside: row('dc-123').getByRole('link', { name: 'Modify' }).
  row(name: string): Locator {
    return this.page.getByRole('row', { name, exact: true });
  }

  // cell is the cell of a resource's row in a column, by the column's
  // header: cell('dc-123', 'Bandwidth (Mbit/s)'); assert it with toHaveText.
  cell(name: string, column: string): Locator {
    return cell(this.row(name), column);
  }

  // field is a form control by its exact label.
  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  // confirmDelete answers Yes on a delete confirmation page.
  async confirmDelete(question: string | RegExp) {
    await expect(this.page.getByRole('heading', { name: question })).toBeVisible();
    await this.page.getByRole('button', { name: 'Yes' }).click();
  }
}

// cell is the cell of a table row in the column whose header (th in the
// table's thead) reads exactly column: cell(row, 'Virtual Interfaces').
// It is found by the header's position, so a value in another column never
// stands in for it; with no such header it matches nothing.
export function cell(row: Locator, column: string): Locator {
  if (column.includes("'")) throw new Error(`cell: column name with a quote: ${column}`);
  const header = `ancestor::table[1]/thead/tr/th[normalize-space(.)='${column}']`;
  return row.locator(`xpath=./*[(self::th or self::td) and ${header} and count(preceding-sibling::*) = count(${header}/preceding-sibling::*)]`);
}

// chooseOption selects the first option of a select whose text matches,
// whatever the rest of its label (e.g. "dc-123 (Biere, 100 Mbit/s)").
export async function chooseOption(select: Locator, text: RegExp | string) {
  const option = select.locator('option').filter({ hasText: text }).first();
  await select.selectOption((await option.getAttribute('value'))!);
}

export type ConnectionValues = {
  name: string;
  location: string;
  peering?: string;
  bandwidth: string;
  description?: string;
};

// ConnectionsPage is Direct Connect > Connections.
export class ConnectionsPage extends ConsolePage {
  get quotaLeft(): Locator {
    return this.page.locator('#quota-hint strong');
  }

  // open follows seed steps 3-4: Service List, Network > Direct Connect, Connections.
  async open() {
    await this.page.getByRole('link', { name: 'Service List' }).click();
    await this.page.getByRole('region', { name: 'Network' }).getByRole('link', { name: 'Direct Connect' }).click();
    await this.nav('Connections');
  }

  // fill fills the Create Connection (or Modify Connection) form.
  async fill(v: Partial<ConnectionValues>) {
    if (v.name !== undefined) await this.field('Name').fill(v.name);
    if (v.location !== undefined) await this.page.getByRole('radio', { name: v.location }).check();
    if (v.peering !== undefined) await this.field('Peering Position').fill(v.peering);
    if (v.bandwidth !== undefined) await this.field('Bandwidth (Mbit/s)').fill(v.bandwidth);
    if (v.description !== undefined) await this.field('Description').fill(v.description);
  }

  // create follows seed steps 5-7 from the list: Create Connection, the
  // form, Create Now, the confirmation, Submit; it ends on the success page.
  async create(v: ConnectionValues) {
    await this.page.getByRole('link', { name: 'Create Connection' }).click();
    await expect(this.page.getByRole('heading', { name: 'Create Connection' })).toBeVisible();
    await expect(this.field('Region')).toHaveValue(/eu-/);
    await this.fill(v);
    await this.page.getByRole('button', { name: 'Create Now' }).click();
    await expect(this.page.getByRole('heading', { name: 'Confirm Connection Details' })).toBeVisible();
    await this.page.getByRole('button', { name: 'Submit' }).click();
    await expect(this.page.getByRole('heading', { name: 'Your request has been submitted.' })).toBeVisible();
  }

  async backToList() {
    await this.page.getByRole('link', { name: 'Back to Connection List' }).click();
  }

  async modify(name: string, v: Partial<ConnectionValues>) {
    await this.row(name).getByRole('link', { name: 'Modify' }).click();
    await expect(this.page.getByRole('heading', { name: 'Modify Connection' })).toBeVisible();
    await this.fill(v);
    await this.page.getByRole('button', { name: 'OK' }).click();
  }

  async delete(name: string) {
    await this.row(name).getByRole('link', { name: 'Delete' }).click();
    await this.confirmDelete(`Are you sure you want to delete connection ${name}?`);
  }
}

// VpcPage is Virtual Private Cloud.
export class VpcPage extends ConsolePage {
  async open() {
    await this.nav('Virtual Private Cloud');
  }

  async create(name: string, cidr: string) {
    await this.page.getByRole('link', { name: 'Create VPC' }).click();
    await this.field('Name').fill(name);
    await this.field('IPv4 CIDR Block').fill(cidr);
    await this.page.getByRole('button', { name: 'OK' }).click();
  }

  async delete(name: string) {
    await this.row(name).getByRole('link', { name: 'Delete' }).click();
    await this.confirmDelete(`Are you sure you want to delete VPC ${name}?`);
  }

  // createSubnet: Create Subnet (below the VPCs), then the form and OK.
  async createSubnet(v: { vpc: RegExp | string; name: string; cidr: string; gateway?: string }) {
    await this.page.getByRole('link', { name: 'Create Subnet', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Create Subnet', level: 1 })).toBeVisible();
    await chooseOption(this.field('VPC'), v.vpc);
    await this.field('Name').fill(v.name);
    await this.field('IPv4 CIDR Block').fill(v.cidr);
    if (v.gateway !== undefined) await this.field('Gateway').fill(v.gateway);
    await this.page.getByRole('button', { name: 'OK' }).click();
  }

  async deleteSubnet(name: string) {
    await this.row(name).getByRole('link', { name: 'Delete' }).click();
    await this.confirmDelete(`Are you sure you want to delete subnet ${name}?`);
  }
}

export type GatewayValues = { name: string; vpc?: RegExp | string; cidr: string; description?: string };

// GatewaysPage is Direct Connect > Virtual Gateways; Create Virtual Gateway opens a dialog.
export class GatewaysPage extends ConsolePage {
  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Create Virtual Gateway' });
  }

  async open() {
    await this.nav('Virtual Gateways');
  }

  async openDialog() {
    await this.page.getByRole('link', { name: 'Create Virtual Gateway' }).click();
    await expect(this.dialog).toBeVisible();
    return this.dialog;
  }

  // create follows "Creating a Virtual Gateway": the dialog, OK; it ends on the list with the new row.
  async create(v: GatewayValues) {
    const d = await this.openDialog();
    await d.getByLabel('Name', { exact: true }).fill(v.name);
    if (v.vpc !== undefined) await chooseOption(d.getByLabel('VPC', { exact: true }), v.vpc);
    await d.getByLabel('CIDR Block').fill(v.cidr);
    if (v.description !== undefined) await d.getByLabel('Description').fill(v.description);
    await d.getByRole('button', { name: 'OK' }).click();
    await expect(this.row(v.name)).toBeVisible();
  }

  async delete(name: string) {
    await this.row(name).getByRole('link', { name: 'Delete' }).click();
    await this.confirmDelete(`Are you sure you want to delete virtual gateway ${name}?`);
  }
}

export type InterfaceValues = { name: string; connection: RegExp | string; gateway: RegExp | string; bandwidth?: string; subnet: string; description?: string };

// InterfacesPage is Direct Connect > Virtual Interfaces.
export class InterfacesPage extends ConsolePage {
  async open() {
    await this.nav('Virtual Interfaces');
  }

  // submit follows "Creating a Virtual Interface" up to Create Now; a
  // refused form stays on the page with its errors.
  async submit(v: InterfaceValues) {
    await this.page.getByRole('link', { name: 'Create Virtual Interface' }).click();
    await expect(this.page.getByRole('heading', { name: 'Create Virtual Interface' })).toBeVisible();
    await expect(this.field('Region')).toHaveValue('eu-de');
    await this.field('Name').fill(v.name);
    await chooseOption(this.field('Connection'), v.connection);
    await chooseOption(this.field('Virtual Gateway'), v.gateway);
    await expect(this.field('VLAN')).toHaveAttribute('readonly', '');
    await expect(this.field('Bandwidth (Mbit/s)')).toHaveValue(/\d+/);
    if (v.bandwidth !== undefined) await this.field('Bandwidth (Mbit/s)').fill(v.bandwidth);
    await this.field('Remote Subnet').fill(v.subnet);
    if (v.description !== undefined) await this.field('Description').fill(v.description);
    await this.page.getByRole('button', { name: 'Create Now' }).click();
  }

  async create(v: InterfaceValues) {
    await this.submit(v);
    await expect(this.message(`Virtual interface ${v.name} has been created`)).toBeVisible();
  }

  async delete(name: string) {
    await this.row(name).getByRole('link', { name: 'Delete' }).click();
    await this.confirmDelete(`Are you sure you want to delete virtual interface ${name}?`);
  }
}

// TopologyPage is Direct Connect > Topology: one picture per gateway.
export class TopologyPage extends ConsolePage {
  async open() {
    await this.nav('Topology');
  }

  // picture is a gateway's SVG; its accessible name carries the verdict.
  picture(gateway: string): Locator {
    return this.page.getByRole('img', { name: new RegExp(`Topology of virtual gateway ${gateway}`) });
  }
}

// OperationsLogPage is the Operations Log with its filters.
export class OperationsLogPage extends ConsolePage {
  async open() {
    await this.nav('Operations Log');
  }

  async filter(opts: { resource?: string; action?: string }) {
    if (opts.resource !== undefined) await this.page.getByLabel('Resource').selectOption(opts.resource);
    if (opts.action !== undefined) await this.page.getByLabel('Action').selectOption(opts.action);
    await this.page.getByRole('button', { name: 'Filter' }).click();
  }

  // entry is the n-th row of the log (0: newest).
  entry(n: number): Locator {
    return this.page.getByRole('table', { name: 'Operations' }).getByRole('row').nth(n + 1);
  }
}

// AdminPage is Training Administration (Users, Projects).
export class AdminPage extends ConsolePage {
  async openUsers() {
    await this.openUserMenu();
    await this.page.getByRole('link', { name: 'Users' }).click();
  }

  async createTrainee(name: string, password: string) {
    await this.field('User Name').fill(name);
    await this.field('Password').fill(password);
    await this.page.getByRole('button', { name: 'Create User' }).click();
    await expect(this.page.getByRole('status')).toContainText(`eu-de_${name}`);
  }

  async resetProject(project: string) {
    await this.nav('Projects');
    await this.row(project).getByRole('link', { name: 'Reset Project' }).click();
    await this.page.getByRole('button', { name: 'Yes' }).click();
  }
}
