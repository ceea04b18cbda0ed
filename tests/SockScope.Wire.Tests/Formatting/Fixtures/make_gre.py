# Writes gre-crafted.pcap: GRE v0/v1 headers, flags, routing, TEB, truncations, GRE in GRE, and GRE quoted in ICMP errors.
import os, sys; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "crafted_pcap.py")).read())
import ipaddress
def ip4(src,dst,proto,payload,ttl=64,ident=0x1234):
    s=bytes(map(int,src.split('.'))); d=bytes(map(int,dst.split('.')))
    ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(payload),ident,0,ttl,proto,0,s,d)
    return ip[:10]+struct.pack('!H',csum(ip))+ip[12:]+payload
def ip6(src,dst,nh,payload,hlim=64):
    return struct.pack('!IHBB',0x60000000,len(payload),nh,hlim)+ipaddress.IPv6Address(src).packed+ipaddress.IPv6Address(dst).packed+payload
def udp4(src,dst,sp,dp,payload):
    ulen=8+len(payload); s=bytes(map(int,src.split('.'))); d=bytes(map(int,dst.split('.')))
    u=struct.pack('!HHHH',sp,dp,ulen,0)+payload
    c=csum(s+d+struct.pack('!BBH',0,17,ulen)+u); return u[:6]+struct.pack('!H',c)+u[8:]
def gre(proto,payload,flags=0,ver=0,key=None,seq=None,ack=None,checksum=False,callid=None):
    f=flags|ver
    if checksum: f|=0x8000
    if key is not None or callid is not None: f|=0x2000
    if seq is not None: f|=0x1000
    if ack is not None: f|=0x0080
    h=struct.pack('!HH',f,proto)
    if checksum: h+=b'\0\0\0\0'
    if ver==1: h+=struct.pack('!HH',len(payload),callid)
    elif key is not None: h+=struct.pack('!I',key)
    if seq is not None: h+=struct.pack('!I',seq)
    if ack is not None: h+=struct.pack('!I',ack)
    b=h+payload
    if checksum:
        c=csum(b); b=b[:4]+struct.pack('!H',c)+b[6:]
    return b
def eth4(p): return bytes.fromhex('0200000000020200000000010800')+p
def eth6(p): return bytes.fromhex('02000000000202000000000186dd')+p
def icmp4(t,c,quote,rest=b'\0\0\0\0'):
    m=struct.pack('!BBH',t,c,0)+rest+quote
    return m[:2]+struct.pack('!H',csum(m))+m[4:]
inner=ip4('192.168.1.1','192.168.2.2',17,udp4('192.168.1.1','192.168.2.2',1000,2000,b'hello'))
inner6=ip6('fd00::1','fd00::2',59,b'')
T='10.1.0.1'; U='10.2.0.2'
g1=ip4(T,U,47,gre(0x0800,inner))
g2=ip4(T,U,47,gre(0x0800,inner,key=0x2a))
g3=ip4(T,U,47,gre(0x86dd,inner6,key=7,seq=99))
g4=ip4(T,U,47,gre(0x0800,inner,checksum=True))
g5=ip4(T,U,47,gre(0x88be,b'\x10\x00'*20,seq=5))
g6=ip4(T,U,47,gre(0x880b,b'\xff\x03\xc0\x21\x01\x01\x00\x04',ver=1,callid=0x1a,seq=3,ack=2))
g7=ip4(T,U,47,gre(0x880b,b'',ver=1,callid=0x1b,ack=9))
g8=ip4(T,U,47,b'\x20\x00')
g9=ip4(T,U,47,b'\x20\x00\x08\x00\x00')
g10=ip4(T,U,47,gre(0x6558,bytes.fromhex('0200000000aa0200000000bb0800')+inner,key=1))
g11=ip4(T,U,47,gre(0x0800,inner,ver=2))
# ICMP errors quoting GRE: the router's error quotes the IP header + 8 bytes (or more).
q1=icmp4(3,1,g2[:28]); q2=icmp4(11,0,g3[:28]); q3=icmp4(3,3,g1[:28]); q4=icmp4(3,1,g2[:60]); q5=icmp4(3,4,g2[:28],b'\0\0\x05\xdc'); q6=icmp4(3,1,g1[:22])
pk=[eth4(p) for p in (g1,g2,g3,g4,g5,g7,g8,g9,g10,g11)]
pk+=[eth4(ip4('10.1.0.254',T,1,q,ttl=255)) for q in (q1,q2,q3,q4,q5,q6)]
pk+=[eth6(ip6('fd01::1','fd01::2',47,gre(0x0800,inner,key=3)))]

raw=lambda b: eth4(ip4(T,U,47,b))
pk+=[
 raw(struct.pack('!HH',0xF8F0,0x0800)),
 raw(struct.pack('!HHHH',0x4000,0x0800,0,4)+struct.pack('!HBB',0x0800,4,8)+bytes([1,2,3,4,5,6,7,8])+struct.pack('!HBB',0,0,0)+inner),
 raw(struct.pack('!HHHH',0x4000,0x0800,0,0)+struct.pack('!HBB',0x3030,0,4)+b'0000'+struct.pack('!HBB',0,0,0)+inner),
 raw(struct.pack('!HH',0x0700,0x0800)+inner),
 raw(struct.pack('!HH',0x0800,0x0800)+inner),
 raw(struct.pack('!HH',0x00F8,0x0800)+inner),
 raw(struct.pack('!HHI',0x2080,0x0800,5)+inner),
 raw(struct.pack('!HHHH',0x3001,0x880b,10,5)),
 raw(b'\x00'),
 raw(struct.pack('!HH',0x0000,0x6558)+bytes.fromhex('0200000000aa0200000000bb0800')+inner),
 raw(struct.pack('!HH',0x0000,0x6558)+bytes.fromhex('0200000000aa0200000000bb86dd')),
 raw(struct.pack('!HH',0x0000,0x0806)+b'\0'*8),
 raw(struct.pack('!HH',0x8000,0x0800)+b'\x12'),
 raw(gre(0x0800,ip4('10.3.0.1','10.4.0.1',47,gre(0x86dd,inner6,key=9)),key=8)),
]
pcap(sys.argv[1],pk)
