# Helpers to hand-craft Ethernet/IP/UDP pcaps for the fixtures here (python3, no dependencies).
import struct, sys
def csum(b):
    if len(b)%2: b+=b'\0'
    s=sum(struct.unpack('!%dH'%(len(b)//2),b)); 
    while s>>16: s=(s&0xffff)+(s>>16)
    return (~s)&0xffff
def name(n):
    out=b''
    for l in n.split('.'):
        if l: out+=bytes([len(l)])+l.encode()
    return out+b'\0'
def ipv4udp(src,dst,sp,dp,payload,ttl=255):
    ulen=8+len(payload)
    s=bytes(map(int,src.split('.'))); d=bytes(map(int,dst.split('.')))
    ph=s+d+struct.pack('!BBH',0,17,ulen)
    u=struct.pack('!HHHH',sp,dp,ulen,0)+payload
    c=csum(ph+u); u=u[:6]+struct.pack('!H',c)+u[8:]
    ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+ulen,0x1234,0,ttl,17,0,s,d)
    ip=ip[:10]+struct.pack('!H',csum(ip))+ip[12:]
    return bytes.fromhex('01005e0000fb0200000000010800')+ip+u
def ipv6udp(src,dst,sp,dp,payload):
    import ipaddress
    s=ipaddress.IPv6Address(src).packed; d=ipaddress.IPv6Address(dst).packed
    ulen=8+len(payload)
    ph=s+d+struct.pack('!I3xB',ulen,17)
    u=struct.pack('!HHHH',sp,dp,ulen,0)+payload
    c=csum(ph+u); u=u[:6]+struct.pack('!H',c)+u[8:]
    ip=struct.pack('!IHBB',0x60000000,ulen,17,255)+s+d
    return bytes.fromhex('3333000000fb02000000000186dd')+ip+u
def dns(id,flags,qs=(),ans=(),ns=(),ar=()):
    h=struct.pack('!HHHHHH',id,flags,len(qs),len(ans),len(ns),len(ar))
    b=h
    for n,t,c in qs: b+=name(n)+struct.pack('!HH',t,c)
    for sec in (ans,ns,ar):
        for n,t,c,ttl,rd in sec: b+=name(n)+struct.pack('!HHIH',t,c,ttl,len(rd))+rd
    return b
def pcap(path,pkts):
    out=struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,262144,1)
    for i,p in enumerate(pkts): out+=struct.pack('<IIII',1700000000+i,i,len(p),len(p))+p
    open(path,'wb').write(out)
