import { APIRequestContext, expect } from '@playwright/test';
import { adminPassword } from '../playwright.config';

// ConsoleAPI seeds state through the console's OTC-compatible API
// (README "API"): a Keystone v3 project token, then Direct Connect v2 and VPC
// v1 calls. It is much faster than clicking through the console and goes
// through the same rules, so tests use it to set up what they do not test.
//
//   const api = await ConsoleAPI.login(request);            // admin, project eu-de
//   const dc = await api.createConnection({ name: 'dc-123', location: 'Biere', bandwidth: 100 });
export class ConsoleAPI {
  private constructor(
    readonly request: APIRequestContext,
    readonly token: string,
    readonly projectId: string,
  ) {}

  // login gets a token scoped to project (by name) for user.
  static async login(request: APIRequestContext, opts: { user?: string; password?: string; project?: string } = {}) {
    const user = opts.user ?? 'admin';
    const password = opts.password ?? adminPassword;
    const project = opts.project ?? 'eu-de';
    const domain = { name: 'dcconsole' };
    const r = await request.post('/v3/auth/tokens', {
      data: {
        auth: {
          identity: { methods: ['password'], password: { user: { name: user, password, domain } } },
          scope: { project: { name: project, domain } },
        },
      },
    });
    expect(r.status(), `token for ${user}/${project}: ${await r.text()}`).toBe(201);
    const body = await r.json();
    return new ConsoleAPI(request, r.headers()['x-subject-token'], body.token.project.id);
  }

  private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown) {
    const r = await this.request.fetch(path, { method, data, headers: { 'X-Auth-Token': this.token } });
    if (r.status() >= 400) {
      throw new Error(`${method} ${path}: ${r.status()} ${await r.text()}`);
    }
    return r.status() === 204 ? undefined : r.json();
  }

  // createConnection creates a connection (ACTIVE at once when the console
  // runs with -provision-delay 0s).
  async createConnection(v: { name: string; location: string; bandwidth: number; peerLocation?: string; description?: string }) {
    const b = await this.call('POST', '/v2.0/dcaas/direct-connects', {
      direct_connect: {
        name: v.name, location: v.location, bandwidth: v.bandwidth, port_type: '1G', provider: 'OTC',
        peer_location: v.peerLocation ?? '', description: v.description ?? '',
      },
    });
    return b.direct_connect as { id: string; name: string; status: string };
  }

  // vpcId finds a VPC of the token's project by name (every project starts with VPC-001).
  async vpcId(name = 'VPC-001'): Promise<string> {
    const b = await this.call('GET', `/v1/${this.projectId}/vpcs`);
    const v = (b.vpcs as { id: string; name: string }[]).find((x) => x.name === name);
    if (!v) throw new Error(`no VPC ${name} in project ${this.projectId}`);
    return v.id;
  }

  // createVPC adds a VPC (VPC v1 API) to the token's project.
  async createVPC(name: string, cidr: string) {
    const b = await this.call('POST', `/v1/${this.projectId}/vpcs`, { vpc: { name, cidr } });
    return b.vpc as { id: string; name: string };
  }

  // subnetId finds a subnet of the token's project by name (every project starts with subnet-001).
  async subnetId(name = 'subnet-001'): Promise<string> {
    const b = await this.call('GET', `/v1/${this.projectId}/subnets?name=${encodeURIComponent(name)}`);
    return b.subnets[0].id as string;
  }

  // createEndpointGroup makes the CIDR list gateways and interfaces refer to.
  async createEndpointGroup(name: string, cidrs: string[]) {
    const b = await this.call('POST', '/v2.0/dcaas/dc-endpoint-groups', {
      dc_endpoint_group: { tenant_id: this.projectId, name, endpoints: cidrs, type: 'cidr' },
    });
    return b.dc_endpoint_group.id as string;
  }

  // createGateway creates a virtual gateway on a VPC with its CIDR blocks.
  async createGateway(v: { name: string; vpc?: string; cidrs: string[]; description?: string }) {
    const group = await this.createEndpointGroup(`local-${v.name}`, v.cidrs);
    const b = await this.call('POST', '/v2.0/dcaas/virtual-gateways', {
      virtual_gateway: { name: v.name, vpc_id: await this.vpcId(v.vpc), local_ep_group_id: group, description: v.description ?? '' },
    });
    return b.virtual_gateway as { id: string; name: string };
  }

  // createInterface binds a connection to a gateway with a VLAN and remote subnets.
  async createInterface(v: { name: string; connectionId: string; gatewayId: string; vlan: number; bandwidth: number; remoteSubnets: string[]; description?: string }) {
    const group = await this.createEndpointGroup(`remote-${v.name}`, v.remoteSubnets);
    const b = await this.call('POST', '/v2.0/dcaas/virtual-interfaces', {
      virtual_interface: {
        name: v.name, direct_connect_id: v.connectionId, vgw_id: v.gatewayId, type: 'private', service_type: 'vpc',
        vlan: v.vlan, bandwidth: v.bandwidth, local_gateway_v4_ip: '16.16.16.1/30', remote_gateway_v4_ip: '16.16.16.2/30',
        route_mode: 'static', remote_ep_group_id: group, description: v.description ?? '',
      },
    });
    return b.virtual_interface as { id: string; name: string; vlan: number };
  }

  // seedScenario creates the user guide's redundant scenario in the token's
  // project: dc-123 (Biere) and dc-456 (Magdeburg), vgw-123 on VPC-001,
  // vif-123 and vif-456 with remote subnet 192.168.51.0/24.
  async seedScenario() {
    const dc123 = await this.createConnection({ name: 'dc-123', location: 'Biere', bandwidth: 100, peerLocation: 'Marderbug-DC01', description: 'This is a connection.' });
    const dc456 = await this.createConnection({ name: 'dc-456', location: 'Magdeburg', bandwidth: 100 });
    const vgw = await this.createGateway({ name: 'vgw-123', cidrs: ['192.168.0.0/16'], description: 'This is a virtual gateway.' });
    const vif123 = await this.createInterface({ name: 'vif-123', connectionId: dc123.id, gatewayId: vgw.id, vlan: 30, bandwidth: 100, remoteSubnets: ['192.168.51.0/24'], description: 'This is a virtual interface.' });
    const vif456 = await this.createInterface({ name: 'vif-456', connectionId: dc456.id, gatewayId: vgw.id, vlan: 31, bandwidth: 100, remoteSubnets: ['192.168.51.0/24'] });
    return { dc123, dc456, vgw, vif123, vif456 };
  }
}
